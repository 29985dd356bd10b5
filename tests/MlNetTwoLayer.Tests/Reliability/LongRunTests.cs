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
    [Fact]
    public void TwoHundredFitsKeepManagedMemoryFlat()
    {
        var ml = new MLContext(seed: 1);
        // One 128-row batch of a shape GemmEngine splits over threads: every fit starts (and must stop) workers.
        IDataView data = ParallelGemmData.Load(ml, 128);
        TwoLayerTrainer.Options options = ParallelGemmData.Options(2, epochs: 1);
        long parallel = 0;
        void FitAndDiscard() => parallel += ParallelGemmData.ParallelProducts(() => new TwoLayerTrainer(ml, options).Fit(data));

        for (int i = 0; i < 20; i++)
        {
            FitAndDiscard();
        }
        long before = Settle();
        int threadsBefore = Process.GetCurrentProcess().Threads.Count;
        parallel = 0;
        for (int i = 0; i < 200; i++)
        {
            FitAndDiscard();
        }
        // Each fit has a fresh engine, whose first product goes to the workers.
        Assert.True(parallel >= 200, $"only {parallel} products went to worker threads in 200 fits");
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
        IDataView data = ParallelGemmData.Load(ml);
        int threadsBefore = Process.GetCurrentProcess().Threads.Count;
        using var cancel = new CancellationTokenSource();
        TwoLayerTrainer.Options options = ParallelGemmData.Options(2, epochs: 100000);
        options.CancellationToken = cancel.Token;
        options.Progress = new MlNet.Trainer.TrainerOptionBehaviourTests.SyncProgress(p =>
        {
            if (p.Epoch == 3)
            {
                cancel.Cancel();
            }
        });
        long parallel = 0;
        Task fit = Task.Run(() =>
        {
            long before = MlNetTwoLayer.Engine.Numerics.GemmEngine.ParallelProductsOnThisThread;
            try
            {
                new TwoLayerTrainer(ml, options).Fit(data);
            }
            finally
            {
                parallel = MlNetTwoLayer.Engine.Numerics.GemmEngine.ParallelProductsOnThisThread - before;
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => fit.GetAwaiter().GetResult());
        Assert.True(parallel > 0, "the cancelled fit never ran worker threads");
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
