using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

/// <summary>
/// <see cref="GemmEngine"/>'s early returns and its serial arm of <see cref="GemmEngine.RunParallel"/>: a product that
/// one path has finished must not be added again by the next, empty products leave C alone, a product above the
/// threshold on a two-thread engine is counted as split, and a job on one thread runs each band once on the caller.
/// </summary>
public class GemmEngineEdgeTests
{
    private static float[] Random(Random random, int count) => Enumerable.Range(0, count).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();

    [Theory]
    [InlineData(40, 5, 100)] // op(A) = Aᵀ with unit row stride, n ≤ 16, k ≥ 96: the small-n transposed-A path on AVX-512
    [InlineData(9, 16, 130)]
    public void AnAccumulatedSmallNTransposedProductIsAddedOnce(int m, int n, int k)
    {
        var random = new Random(m + n + k);
        float[] a = Random(random, k * m), b = Random(random, k * n), c = Random(random, m * n);
        float[] expected = c.ToArray();
        NaiveGemm.Multiply(true, false, m, n, k, a, m, b, n, expected, n, accumulate: true);
        using var engine = new GemmEngine(1);

        engine.Multiply(true, false, m, n, k, a, m, b, n, c, n, accumulate: true);

        Tolerance.AllClose(expected, c, 1e-4, 1e-5, $"C += Aᵀ·B, {m}x{n}x{k}");
    }

    [Fact]
    public void EmptyProductsLeaveCAloneAndAnEmptySumClearsOnlyTheProductsColumns()
    {
        using var engine = new GemmEngine(1);
        float[] a = [1f, 2f, 3f, 4f, 5f, 6f], b = [1f, 2f, 3f, 4f, 5f, 6f];
        foreach (bool accumulate in new[] { false, true })
        {
            float[] c = [7f, 7f, 7f, 7f, 7f, 7f];
            engine.Multiply(false, false, 0, 2, 3, a, 3, b, 2, c, 2, accumulate);
            engine.Multiply(false, false, 2, 0, 3, a, 3, b, 2, c, 2, accumulate);
            Assert.Equal(new[] { 7f, 7f, 7f, 7f, 7f, 7f }, c);

            // k = 0: C = 0 (the 2 x 2 block of a C with ldc 3 only), or C += 0.
            engine.Multiply(false, false, 2, 2, 0, a, 1, b, 2, c, 3, accumulate);
            Assert.Equal(accumulate ? new[] { 7f, 7f, 7f, 7f, 7f, 7f } : new[] { 0f, 0f, 7f, 0f, 0f, 7f }, c);
        }
    }

    [Fact]
    public void AProductAboveTheThresholdOnTwoThreadsIsSplitAndGivesTheOneThreadBits()
    {
        const int size = 128; // 128³ = 2^21 multiply-adds, above GemmEngine.ParallelThreshold
        Assert.True((long)size * size * size >= GemmEngine.ParallelThreshold);
        var random = new Random(3);
        float[] a = Random(random, size * size), b = Random(random, size * size);
        float[] one = new float[size * size], two = new float[size * size];
        using (var serial = new GemmEngine(1))
        {
            serial.Multiply(false, true, size, size, size, a, size, b, size, one, size, accumulate: false);
        }
        using var engine = new GemmEngine(2);
        long before = GemmEngine.ParallelProductsOnThisThread;

        engine.Multiply(false, true, size, size, size, a, size, b, size, two, size, accumulate: false);

        Assert.Equal(before + 1, GemmEngine.ParallelProductsOnThisThread);
        Assert.Equal(one, two);
    }

    private sealed class RecordingJob(int bands) : IGemmParallelJob
    {
        public List<(int Band, int Slot, int Thread)> Calls { get; } = [];

        public int Bands => bands;

        public void Execute(int band, int slot)
        {
            lock (Calls)
            {
                Calls.Add((band, slot, Environment.CurrentManagedThreadId));
            }
        }
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    public void AJobOnOneThreadOrOfOneBandRunsEachBandOnceOnTheCaller(int threads, int bands)
    {
        using var engine = new GemmEngine(threads);
        var job = new RecordingJob(bands);

        engine.RunParallel(job);

        int caller = Environment.CurrentManagedThreadId;
        Assert.Equal(Enumerable.Range(0, bands).Select(band => (band, 0, caller)), job.Calls);
        Assert.Null(engine.Workers); // and starts no worker thread for it
    }

    [Fact]
    public void AJobOfSeveralBandsOnTwoThreadsStartsTheWorkersAndRunsEachBandOnce()
    {
        using var engine = new GemmEngine(2);
        var job = new RecordingJob(4);

        engine.RunParallel(job);

        Assert.NotNull(engine.Workers);
        Assert.Equal(Enumerable.Range(0, 4), job.Calls.Select(call => call.Band).Order());
        Assert.All(job.Calls, call => Assert.InRange(call.Slot, 0, 1));
    }

    [Fact]
    public void ADisposedEngineRefusesJobs()
    {
        var engine = new GemmEngine(2);
        engine.Dispose();
        var job = new RecordingJob(2);
        Assert.Throws<ObjectDisposedException>(() => engine.RunParallel(job));
        Assert.Empty(job.Calls);
    }
}
