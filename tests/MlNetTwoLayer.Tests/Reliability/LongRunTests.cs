using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;
using Xunit.Abstractions;

namespace MlNetTwoLayer.Tests.Reliability;

/// <summary>Many fits in one process leave nothing behind: no managed memory growth, no threads.</summary>
[Collection(MemoryCollection.Name)]
public class LongRunTests(ITestOutputHelper output)
{
    public sealed class Row
    {
        [VectorType(8)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    private static IDataView Data(MLContext ml)
        => ml.Data.LoadFromEnumerable(Enumerable.Range(0, 64).Select(i => new Row { Features = Enumerable.Range(0, 8).Select(j => (float)((i * 7 + j * 3) % 11) / 11).ToArray(), Label = i % 4 }).ToList());

    [Fact]
    public void TwoHundredFitsKeepManagedMemoryFlat()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Data(ml);
        var options = new TwoLayerTrainer.Options { NumberOfEpochs = 3, HiddenUnits = 32, Patience = 0, NumberOfThreads = 2 };
        void FitAndDiscard() => new TwoLayerTrainer(ml, options).Fit(data);

        for (int i = 0; i < 20; i++)
        {
            FitAndDiscard();
        }
        long before = Settle();
        int threadsBefore = Process.GetCurrentProcess().Threads.Count;
        for (int i = 0; i < 200; i++)
        {
            FitAndDiscard();
        }
        // Threads are counted before any finaliser runs: a fit must stop its own workers.
        int threadsAfter = ThreadsAfterWorkersExit(threadsBefore);
        long after = Settle();
        output.WriteLine($"managed heap {before / 1024} KiB -> {after / 1024} KiB; threads {threadsBefore} -> {threadsAfter}");
        Assert.InRange(after - before, long.MinValue, 2L * 1024 * 1024);
        Assert.InRange(threadsAfter - threadsBefore, int.MinValue, 4);
    }

    [Fact]
    public void ACancelledFitLeavesNoWorkRunning()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Data(ml);
        int threadsBefore = Process.GetCurrentProcess().Threads.Count;
        using var cancel = new CancellationTokenSource();
        var options = new TwoLayerTrainer.Options { NumberOfEpochs = 100000, Patience = 0, BatchSize = 4, CancellationToken = cancel.Token, NumberOfThreads = 2 };
        Task fit = Task.Run(() => new TwoLayerTrainer(ml, options).Fit(data));
        Thread.Sleep(200);
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => fit.GetAwaiter().GetResult());
        Assert.InRange(ThreadsAfterWorkersExit(threadsBefore) - threadsBefore, int.MinValue, 4);
    }

    /// <summary>The process's thread count once stopped workers had up to two seconds to exit.</summary>
    private static int ThreadsAfterWorkersExit(int target)
    {
        var clock = Stopwatch.StartNew();
        int count;
        while ((count = Process.GetCurrentProcess().Threads.Count) > target + 4 && clock.Elapsed < TimeSpan.FromSeconds(2))
        {
            Thread.Sleep(20);
        }
        return count;
    }

    private static long Settle()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
