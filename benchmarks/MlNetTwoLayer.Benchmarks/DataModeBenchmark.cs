using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;

namespace MlNetTwoLayer.Benchmarks;

/// <summary>
/// Training throughput of the two data modes through the public trainer on the same cached
/// <see cref="IDataView"/>: in memory (one dense copy, then epochs from it) against streaming (a
/// cursor every epoch through the shuffle window).
/// </summary>
internal static class DataModeBenchmark
{
    /// <summary>
    /// Prints one <c>mode</c> line per data mode: rows per second over the whole fit, and the peak
    /// managed-heap growth during the fit (sampled every millisecond) against the dense features' size.
    /// </summary>
    public static void Run(BenchmarkOptions options, TextWriter output)
    {
        int rows = options.DryRun ? 2_000 : 200_000;
        const int Epochs = 3;
        var ml = new MLContext(seed: 1);
        var random = new Random(7);
        IDataView data = ml.Data.Cache(ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(i => new ScoringBenchmark.Row
        {
            Features = Enumerable.Range(0, 64).Select(_ => (float)random.NextDouble()).ToArray(),
            Label = i % 10,
        }).ToList()));
        // Touch the cache once so neither mode pays for filling it.
        _ = ml.Data.CreateEnumerable<ScoringBenchmark.Row>(data, reuseRowObject: true).Count();

        foreach (TrainingDataMode mode in new[] { TrainingDataMode.InMemory, TrainingDataMode.Streaming })
        {
            var trainer = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options
            {
                DataMode = mode, NumberOfEpochs = Epochs, Patience = 0, HiddenUnits = 64, BatchSize = 128, Seed = 1, EnsembleSize = 1,
                NumberOfThreads = options.Threads,
            });
            GC.Collect();
            GC.WaitForPendingFinalizers();
            long baseline = GC.GetTotalMemory(forceFullCollection: true);
            long peak = baseline;
            using var done = new ManualResetEventSlim();
            var sampler = new Thread(() =>
            {
                while (!done.Wait(1))
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(false));
                }
            });
            sampler.Start();
            var clock = Stopwatch.StartNew();
            trainer.Fit(data);
            double seconds = clock.Elapsed.TotalSeconds;
            done.Set();
            sampler.Join();
            double dense = rows * 64.0 * sizeof(float);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"mode    {mode,-9} rows={rows} d=64 h=64 k=10 batch=128 epochs={Epochs} fit={seconds:F3}s rows*epochs/s={rows * (double)Epochs / seconds:F0} " +
                $"peak-managed-growth={(peak - baseline) / 1048576.0:F1}MiB ({(peak - baseline) / dense:F2}x the dense features)"));
        }
    }
}
