using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetTwoLayer.Benchmarks;

/// <summary>
/// Batch scoring through an <see cref="IDataView"/> cursor, against ML.NET's own
/// <c>LbfgsMaximumEntropy</c> scoring the same view (a linear model: the pipeline's own overhead is
/// the floor), and the managed bytes one <c>PredictionEngine.Predict</c> allocates.
/// </summary>
internal static class ScoringBenchmark
{
    /// <summary>One input row of the scoring benchmark.</summary>
    public sealed class Row
    {
        /// <summary>64 features, the digits shape.</summary>
        [VectorType(64)]
        public float[] Features { get; set; } = [];

        /// <summary>Class index 0..9.</summary>
        public float Label { get; set; }
    }

    /// <summary>The part of a prediction the engine writes.</summary>
    public sealed class Prediction
    {
        /// <summary>Class probabilities.</summary>
        public float[] Score { get; set; } = [];
    }

    /// <summary>Prints a <c>score</c> line per model and a <c>predict</c> line.</summary>
    public static void Run(BenchmarkOptions options, TextWriter output)
    {
        int rows = options.DryRun ? 2_000 : 200_000;
        var ml = new MLContext(seed: 1);
        var random = new Random(5);
        var data = ml.Data.Cache(ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(i => new Row
        {
            Features = Enumerable.Range(0, 64).Select(_ => (float)random.NextDouble()).ToArray(),
            Label = i % 10,
        }).ToList()));
        IDataView keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
        IDataView trainSlice = ml.Data.TakeRows(keyed, 2_000);
        // One 64-unit network: the kernels' speed. The default 3-network ensemble (EnsembleSize) scores three times the units.
        ITransformer ours = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { HiddenUnits = 64, NumberOfEpochs = 2, Seed = 1, EnsembleSize = 1 }).Fit(trainSlice);
        ITransformer lbfgs = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new Microsoft.ML.Trainers.LbfgsMaximumEntropyMulticlassTrainer.Options { MaximumNumberOfIterations = 5 }).Fit(trainSlice);

        // Interleaved pairs, so a noisy neighbour slows both sides of a pair alike; the median ratio is quoted.
        int rounds = options.DryRun ? 1 : 9;
        TimeScoring(ours, keyed);
        TimeScoring(lbfgs, keyed);
        var pairs = new List<((double Wall, double Cpu) Ours, (double Wall, double Cpu) Lbfgs)>();
        for (int round = 0; round < rounds; round++)
        {
            pairs.Add((TimeScoring(ours, keyed), TimeScoring(lbfgs, keyed)));
        }
        double[] ratios = pairs.Select(p => p.Ours.Wall / p.Lbfgs.Wall).Order().ToArray();
        // CPU seconds too: on a shared machine they measure the work, where wall seconds also count waiting for a core.
        double[] cpuRatios = pairs.Select(p => p.Ours.Cpu / p.Lbfgs.Cpu).Order().ToArray();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"score   rows={rows} d=64 h=64 k=10 twolayer={pairs.Min(p => p.Ours.Wall):F4}s lbfgs-maxent={pairs.Min(p => p.Lbfgs.Wall):F4}s (best) " +
            $"ratio median={ratios[ratios.Length / 2]:F2} min={ratios[0]:F2} max={ratios[^1]:F2}; " +
            $"cpu twolayer={pairs.Min(p => p.Ours.Cpu):F4}s lbfgs-maxent={pairs.Min(p => p.Lbfgs.Cpu):F4}s (best) " +
            $"ratio median={cpuRatios[cpuRatios.Length / 2]:F2} min={cpuRatios[0]:F2} best/best={pairs.Min(p => p.Ours.Cpu) / pairs.Min(p => p.Lbfgs.Cpu):F2}"));

        var engine = ml.Model.CreatePredictionEngine<Row, Prediction>(ours);
        var example = new Row { Features = Enumerable.Range(0, 64).Select(i => i / 64f).ToArray() };
        var prediction = new Prediction();
        engine.Predict(example, ref prediction);
        int calls = options.DryRun ? 100 : 100_000;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < calls; i++)
        {
            engine.Predict(example, ref prediction);
        }
        double microseconds = clock.Elapsed.TotalMilliseconds * 1000 / calls;
        long bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / calls;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"predict calls={calls} us/predict={microseconds:F2} alloc/predict={bytes} (output object reused)"));
    }

    /// <summary>Wall and process-CPU seconds per full pass of a cursor reading every Score, over five passes (one pass is too short to time alone).</summary>
    private static (double Wall, double Cpu) TimeScoring(ITransformer model, IDataView data)
    {
        const int Passes = 5;
        IDataView scored = model.Transform(data);
        double cpuBefore = CpuClock.Seconds();
        var clock = Stopwatch.StartNew();
        for (int pass = 0; pass < Passes; pass++)
        {
            using DataViewRowCursor cursor = scored.GetRowCursor([scored.Schema["Score"]]);
            ValueGetter<VBuffer<float>> getter = cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
            VBuffer<float> score = default;
            while (cursor.MoveNext())
            {
                getter(ref score);
            }
        }
        return (clock.Elapsed.TotalSeconds / Passes, (CpuClock.Seconds() - cpuBefore) / Passes);
    }
}
