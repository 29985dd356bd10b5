using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetTwoLayer.Accuracy;

/// <summary>
/// <c>--denormals</c>: fits our trainer once per set on all its rows behind the default
/// <c>NormalizeMeanVariance</c> (1 thread, so the figure is the kernels' and not the scheduler's),
/// and prints the subnormal parameters of the fitted model and the training time per mini-batch.
/// Subnormal floats are 10–100x slower on x86; issue 15 saw 716 µs against 62 µs per batch.
/// </summary>
internal static class DenormalProbe
{
    /// <summary>One line per set.</summary>
    public static void Run(string dataDirectory, IEnumerable<DataSetInfo> sets, IReadOnlyDictionary<string, string> overrides, int seed)
    {
        foreach (DataSetInfo info in sets)
        {
            CsvDataSet set = CsvDataSet.Load(dataDirectory, info.Name);
            var ml = new MLContext(seed);
            IDataView data = set.ToDataView(ml);
            var settings = new Dictionary<string, string>(overrides) { ["NumberOfThreads"] = "1" };
            var pipeline = Learner.TwoLayer(Normaliser.MeanVariance, settings, "").Build(ml);
            TimeSpan cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            var chain = (TransformerChain<ITransformer>)pipeline.Fit(data);
            double cpuMicroseconds = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds * 1000;
            var model = (TwoLayerTransformer)chain.Last();
            TwoLayerModelParameters p = model.Model;
            float[] all = [.. p.GetHiddenWeights().Cast<float>(), .. p.GetHiddenBiases(), .. p.GetOutputWeights().Cast<float>(), .. p.GetOutputBiases()];
            int subnormal = all.Count(float.IsSubnormal);
            int batch = settings.TryGetValue("BatchSize", out string? b) ? int.Parse(b, CultureInfo.InvariantCulture) : TwoLayerTrainer.Options.Defaults.BatchSize;
            long batches = (long)model.History!.EpochsRun * (long)Math.Ceiling(set.Rows / (double)Math.Max(1, Math.Min(batch, set.Rows)));
            double microseconds = model.History.Elapsed.TotalMilliseconds * 1000 / batches;
            Console.WriteLine($"denormals {info.Name,-14} subnormal parameters {subnormal,6} of {all.Length,7}; {model.History.EpochsRun,4} epochs; {microseconds,8:F1} µs wall, {cpuMicroseconds / batches,8:F1} µs CPU per mini-batch (whole fit)");
        }
    }
}
