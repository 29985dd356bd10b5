using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Engine.Optimizers;
using MlNetTwoLayer.Engine.Training;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Training;

/// <summary>
/// The next batch gathered while the optimiser steps the current one (<see cref="IBatchSource.PrepareNextGather"/>):
/// the batches are the ones the gather in <c>NextBatch</c> gives, the prepared rows are really used (not gathered
/// again), a job that did not run (or ran in part) changes nothing, and the optimiser runs every band of the job
/// it is given exactly once without changing its own bits.
/// </summary>
public class GatherAheadTests
{
    private const int Rows = 203, Inputs = 700, Batch = 32; // 23 rows a band: two bands a batch

    private static DenseDataset Data()
    {
        var features = new float[Rows * Inputs];
        var labels = new int[Rows];
        var weights = new float[Rows];
        var targets = new float[Rows];
        for (int r = 0; r < Rows; r++)
        {
            for (int j = 0; j < Inputs; j++)
            {
                features[r * Inputs + j] = r * 1000 + j;
            }
            labels[r] = r % 7;
            weights[r] = 1 + r;
            targets[r] = -r;
        }
        return new DenseDataset(features, labels, weights, Rows, Inputs, classes: 7, targets);
    }

    private static List<float[]> Epoch(DenseDataset data, int threads, Action<IGemmParallelJob?, int> afterBatch, bool ahead = true)
    {
        using var gemm = new GemmEngine(threads);
        var ws = new BatchWorkspace(new NetworkShape(Inputs, 4, 7), Batch, gemm, needsInputBuffer: true);
        var source = new InMemoryBatchSource(data, Batch, shuffle: true, ws) { GatherAhead = ahead };
        source.BeginEpoch(new SeededRandom(11));
        var batches = new List<float[]>();
        int index = 0;
        while (source.NextBatch(out BatchView view))
        {
            var copy = new List<float>(view.X.ToArray());
            for (int i = 0; i < view.Rows; i++)
            {
                copy.Add(view.Y[i]);
                copy.Add(view.W[i]);
                copy.Add(view.T[i]);
            }
            batches.Add([.. copy]);
            afterBatch(source.PrepareNextGather(), index++);
        }
        return batches;
    }

    private static void RunAll(IGemmParallelJob? job)
    {
        for (int band = 0; band < (job?.Bands ?? 0); band++)
        {
            job!.Execute(band, 0);
        }
    }

    [Fact]
    public void BatchesGatheredAheadAreTheBatchesNextBatchGathers()
    {
        DenseDataset data = Data();
        List<float[]> plain = Epoch(data, threads: 2, (_, _) => { }, ahead: false);
        var jobs = 0;
        List<float[]> ahead = Epoch(data, threads: 2, (job, _) =>
        {
            if (job != null)
            {
                jobs++;
                RunAll(job);
            }
        });
        Assert.Equal(plain.Count, ahead.Count);
        for (int b = 0; b < plain.Count; b++)
        {
            Assert.Equal(plain[b], ahead[b]);
        }
        // Every batch but the epoch's last offers the next one.
        Assert.Equal(plain.Count - 1, jobs);
    }

    [Fact]
    public void ThePreparedRowsAreUsedNotGatheredAgain()
    {
        // After the job runs, the data set's values change; the next batch must still hold the values the job
        // copied (NextBatch did not gather again).
        DenseDataset data = Data();
        List<float[]> plain = Epoch(Data(), threads: 2, (_, _) => { }, ahead: false);
        List<float[]> ahead = Epoch(data, threads: 2, (job, index) =>
        {
            RunAll(job);
            if (index == 0)
            {
                data.Features.AsSpan().Fill(-1f);
            }
        });
        Assert.Equal(plain[1], ahead[1]);
        Assert.DoesNotContain(-1f, ahead[1]);
        Assert.Contains(-1f, ahead[2]);
    }

    [Fact]
    public void AJobNotRunOrRunInPartChangesNothing()
    {
        DenseDataset data = Data();
        List<float[]> plain = Epoch(data, threads: 2, (_, _) => { }, ahead: false);
        List<float[]> skipped = Epoch(data, threads: 2, (_, _) => { });
        int partialJobs = 0;
        List<float[]> partial = Epoch(data, threads: 2, (job, _) =>
        {
            if (job is { Bands: 2 })
            {
                partialJobs++;
                job.Execute(1, 0); // the second band only
            }
        });
        for (int b = 0; b < plain.Count; b++)
        {
            Assert.Equal(plain[b], skipped[b]);
            Assert.Equal(plain[b], partial[b]);
        }
        Assert.True(partialJobs > 3, "the full batches' jobs have two bands each");
    }

    [Fact]
    public void NothingIsGatheredAheadOnOneThreadOrInPlace()
    {
        DenseDataset data = Data();
        _ = Epoch(data, threads: 1, (job, _) => Assert.Null(job));
        using var gemm = new GemmEngine(2);
        var ws = new BatchWorkspace(new NetworkShape(Inputs, 4, 7), Batch, gemm, needsInputBuffer: true);
        var inPlace = new InMemoryBatchSource(data, Batch, shuffle: false, ws);
        inPlace.BeginEpoch(new SeededRandom(1));
        Assert.True(inPlace.NextBatch(out _));
        Assert.Null(inPlace.PrepareNextGather());
    }

    [Theory]
    [InlineData(1, 3, 8)]
    [InlineData(2, 3, 8)]
    [InlineData(2, 20, 8)]
    [InlineData(2, 3, 1)] // one chunk: the step alone, then the other job
    [InlineData(1, 1, 1)]
    public void TheOptimiserRunsEveryBandAlongsideOnceAndKeepsItsBits(int threads, int otherBands, int chunks)
    {
        int count = (chunks - 1) * FusedOptimizer.ChunkLength + 123;
        var random = new Random(4);
        float[] gradients = Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        float[] start = Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        using var gemm = new GemmEngine(threads);
        var decay = new WeightDecay(1e-3f, (0, count - 50));
        IOptimizer alone = OptimizerFactory.Create(OptimizerKind.Adam, count, 0.9f, 0.9f, 0.999f, 1e-8f, decay, gemm);
        IOptimizer together = OptimizerFactory.Create(OptimizerKind.Adam, count, 0.9f, 0.9f, 0.999f, 1e-8f, decay, gemm);
        float[] a = (float[])start.Clone(), b = (float[])start.Clone();
        for (int step = 0; step < 3; step++)
        {
            var counting = new CountingJob(otherBands);
            alone.Step(a, gradients, 0.01f);
            together.Step(b, gradients, 0.01f, counting);
            Assert.All(counting.Runs, runs => Assert.Equal(1, runs));
        }
        Assert.Equal(a, b);
    }

    private sealed class CountingJob : IGemmParallelJob
    {
        public CountingJob(int bands) => Runs = new int[bands];

        public int[] Runs { get; }

        public int Bands => Runs.Length;

        public void Execute(int band, int slot) => Interlocked.Increment(ref Runs[band]);
    }
}
