using MlNetTwoLayer.Tests.Helpers;
using Xunit;
using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

public class GemmEngineTests
{
    /// <summary>
    /// A covering set rather than the cross product: every remainder against the 8x32, 6x16 and 4x8
    /// tiles, the small-n path (n &lt;= 16), k across several 256-long slices, the training shapes,
    /// and one shape large enough to take the packed path.
    /// </summary>
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (0, 5, 3), (5, 0, 3), (4, 5, 0), (1, 1, 1), (2, 3, 7), (3, 17, 15), (7, 33, 16),
        (15, 31, 17), (16, 16, 31), (17, 65, 33), (33, 129, 64), (65, 64, 65), (129, 15, 129),
        (31, 10, 64), (129, 2, 7), (9, 16, 300), (40, 70, 513), (1, 129, 65), (64, 1, 33), (37, 11, 97), (128, 10, 128),
        // digits: x·W1, h·W2, hᵀ·dscore, dscore·W2ᵀ, xᵀ·dh (batch 32, 64 inputs, 64 hidden, 10 classes)
        (32, 64, 64), (32, 10, 64), (64, 10, 32), (32, 64, 10), (64, 64, 32),
        // MNIST: x·W1, dscore·W2ᵀ, xᵀ·dh (batch 128, 784 inputs, 128 hidden, 10 classes; h·W2 and hᵀ·dscore above)
        (128, 128, 784), (128, 128, 10), (784, 128, 128),
        // packed path (m·n·k >= 2^24) with ragged edges in every dimension
        (130, 260, 520), (136, 250, 500),
    ];

    public static TheoryData<int, int, int, bool, bool> Cases()
    {
        var data = new TheoryData<int, int, int, bool, bool>();
        foreach ((int m, int n, int k) in Shapes)
        {
            for (int t = 0; t < 4; t++)
            {
                data.Add(m, n, k, (t & 1) != 0, (t & 2) != 0);
            }
        }
        return data;
    }

    private static IEnumerable<GemmKernelKind> SupportedKernels() =>
        Enum.GetValues<GemmKernelKind>().Where(GemmKernelSelector.IsSupported);

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesNaiveForEveryKernelTransposeAndAccumulate(int m, int n, int k, bool transposeA, bool transposeB)
    {
        int pad = (m + n + k) % 3 == 0 ? 0 : 3;
        var data = new GemmTestData(transposeA, transposeB, m, n, k, pad, seed: m * 1000003 + n * 1009 + k);
        foreach (bool accumulate in new[] { false, true })
        {
            float[] expected = data.RunNaive(accumulate);
            foreach (GemmKernelKind kind in SupportedKernels())
            {
                float[] actual = data.RunEngine(new GemmEngine(1, kind), accumulate);
                // float accumulation vs the double reference: error grows with k.
                Tolerance.AllClose(expected, actual, relative: 1e-4, absolute: 1e-5 * (k + 1), $"{kind} acc={accumulate}");
            }
        }
    }

    [Theory]
    [InlineData(false, false, 300, 200, 600)]   // packed path, split along n
    [InlineData(true, false, 784, 128, 128)]    // xᵀ·dh of the MNIST shape: direct path, split along m
    [InlineData(false, false, 128, 128, 784)]   // x·W1 of the MNIST shape
    [InlineData(false, true, 97, 300, 70)]      // transposed B, ragged
    public void ResultsAreBitIdenticalWhateverTheThreadCount(bool transposeA, bool transposeB, int m, int n, int k)
    {
        var data = new GemmTestData(transposeA, transposeB, m, n, k, pad: 1, seed: 7);
        foreach (GemmKernelKind kind in SupportedKernels().Where(kind => kind != GemmKernelKind.Portable))
        {
            foreach (bool accumulate in new[] { false, true })
            {
                float[] one = data.RunEngine(new GemmEngine(1, kind), accumulate);
                foreach (int threads in new[] { 2, 3, 4 })
                {
                    float[] many = data.RunEngine(new GemmEngine(threads, kind), accumulate);
                    Assert.Equal(one, many);
                }
            }
        }
    }

    [Fact]
    public void SplitProductsUseSeveralBandsAndStillMatchNaive()
    {
        var data = new GemmTestData(false, false, 300, 200, 600, pad: 2, seed: 3);
        float[] expected = data.RunNaive(accumulate: false);
        Tolerance.AllClose(expected, data.RunEngine(new GemmEngine(3), accumulate: false), 1e-4, 1e-5 * 601);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void AllocatesNothingPerCallAfterWarmUp(int threads)
    {
        var engine = new GemmEngine(threads);
        var shapes = new (bool TA, bool TB, int M, int N, int K)[]
        {
            (false, false, 128, 128, 784), (false, false, 128, 10, 128), (true, false, 128, 10, 128),
            (false, true, 128, 128, 10), (true, false, 784, 128, 128), (false, false, 300, 200, 600),
            (false, false, 32, 64, 64),
        };
        var data = shapes.Select((s, i) => new GemmTestData(s.TA, s.TB, s.M, s.N, s.K, pad: 0, seed: i)).ToArray();
        var outputs = data.Select(d => (float[])d.C.Clone()).ToArray();
        void RunAll()
        {
            for (int i = 0; i < data.Length; i++)
            {
                GemmTestData d = data[i];
                engine.Multiply(d.TransposeA, d.TransposeB, d.M, d.N, d.K, d.A, d.Lda, d.B, d.Ldb, outputs[i], d.Ldc, accumulate: false);
            }
        }
        RunAll();
        // The smallest of three measured rounds: a per-call allocation shows in every round, while a
        // one-time lazy allocation (the runtime's per-thread wait state, made the first time the caller
        // really blocks, which on a loaded machine can happen after the warm-up) shows in one at most.
        long fewest = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int r = 0; r < 5; r++)
            {
                RunAll();
            }
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, fewest);
    }

    [Fact]
    public void KZeroClearsOrKeepsC()
    {
        var engine = new GemmEngine();
        float[] c = [1, 2, 3, 4, 5, 6];
        engine.Multiply(false, false, 2, 2, 0, [], 0, [], 2, c, 3, accumulate: true);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, c);
        engine.Multiply(false, false, 2, 2, 0, [], 0, [], 2, c, 3, accumulate: false);
        Assert.Equal(new float[] { 0, 0, 3, 0, 0, 6 }, c);
    }

    [Fact]
    public void RejectsBadArguments()
    {
        var engine = new GemmEngine();
        float[] a = new float[6], b = new float[6], c = new float[4];
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.Multiply(false, false, -1, 2, 3, a, 3, b, 2, c, 2, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.Multiply(false, false, 2, 2, 3, a, 2, b, 2, c, 2, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.Multiply(false, false, 2, 2, 3, a, 3, b, 2, c, 1, false));
        Assert.Throws<ArgumentException>(() => engine.Multiply(false, false, 2, 2, 3, a, 3, b.AsSpan(0, 5), 2, c, 2, false));
        Assert.Throws<ArgumentException>(() => engine.Multiply(true, true, 2, 2, 3, a.AsSpan(0, 5), 2, b, 3, c, 2, false));
        Assert.Throws<ArgumentException>(() => engine.Multiply(false, false, 2, 2, 3, a, 3, b, 2, c.AsSpan(0, 3), 2, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GemmEngine(0));
    }
    /// <summary>
    /// The narrow output layer's transposed-A path (hᵀ·dscore) gives the blocked driver's bits, at 5- and
    /// 6-column blocks and across k-slices: each element is one FMA chain per slice either way, so which path
    /// a shape takes (or how its columns are blocked) never changes a model.
    /// </summary>
    [Theory]
    [InlineData(128, 10, 128)] // MNIST hᵀ·dscore: two blocks of five
    [InlineData(129, 15, 300)] // three blocks of five, two k-slices
    [InlineData(100, 4, 97)]   // one short block of five
    [InlineData(128, 16, 128)] // blocks of six
    [InlineData(37, 11, 97)]   // six and five, ragged rows
    public unsafe void SmallNTransposedPathGivesTheBlockedDriversBits(int m, int n, int k)
    {
        if (!GemmKernelSelector.IsSupported(GemmKernelKind.Avx512))
        {
            return; // the path exists only for the AVX-512 family
        }
        var data = new GemmTestData(transposeA: true, transposeB: false, m, n, k, pad: 0, seed: m + n + k);
        float[] viaEngine = data.RunEngine(new GemmEngine(1, GemmKernelKind.Avx512), accumulate: false);
        float[] viaDriver = (float[])data.C.Clone();
        using var scratch = new GemmScratch();
        fixed (float* a = data.A, b = data.B, c = viaDriver)
        {
            var problem = new GemmProblem(true, false, m, n, k, a, data.Lda, b, data.Ldb, c, data.Ldc, accumulate: false);
            Assert.True(GemmSmallNTransposedA.Accepts(GemmKernelKind.Avx512, problem));
            GemmEngine.RunRegion(GemmKernelKind.Avx512, problem, 0, m, 0, n, scratch, pack: false);
        }
        Assert.Equal(viaEngine, viaDriver);
    }
}
