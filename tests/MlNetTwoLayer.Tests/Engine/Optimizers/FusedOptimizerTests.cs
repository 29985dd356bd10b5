using Xunit;
using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Engine.Optimizers;

namespace MlNetTwoLayer.Tests.Engine.Optimizers;

/// <summary>
/// The chunked, multi-threaded step: the same bits on the caller alone and on two threads, L2 only
/// where the decay ranges say (checked against the kernels run piece by piece), over several chunks.
/// </summary>
public class FusedOptimizerTests
{
    // Three chunks and a ragged end, with the decayed stretches cutting across chunk edges.
    private const int Count = 2 * FusedOptimizer.ChunkLength + 1237;
    private static readonly (int, int)[] Ranges = [(0, FusedOptimizer.ChunkLength + 5), (FusedOptimizer.ChunkLength + 100, FusedOptimizer.ChunkLength)];

    private static float[] Values(int seed, float scale)
    {
        var random = new Random(seed);
        var v = new float[Count];
        for (int i = 0; i < Count; i++)
        {
            v[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        }
        return v;
    }

    private static IOptimizer[] Build(OptimizerKind kind, GemmEngine? threads) =>
        [OptimizerFactory.Create(kind, Count, 0.9f, 0.9f, 0.999f, 1e-8f, new WeightDecay(1e-2f, Ranges), threads)];

    private static float[] Run(OptimizerKind kind, GemmEngine? threads)
    {
        IOptimizer optimizer = Build(kind, threads)[0];
        float[] p = Values(1, 1f);
        for (int step = 0; step < 4; step++)
        {
            optimizer.Step(p, Values(10 + step, 0.3f), 0.01f);
        }
        return p;
    }

    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.GradientDescent)]
    [InlineData(OptimizerKind.ClassicalMomentum)]
    [InlineData(OptimizerKind.Nesterov)]
    public void TwoThreadsGiveTheBitsOfOne(OptimizerKind kind)
    {
        using var one = new GemmEngine(1);
        using var two = new GemmEngine(2);
        float[] alone = Run(kind, threads: null);
        Assert.Equal(alone, Run(kind, one));
        for (int round = 0; round < 3; round++)
        {
            Assert.Equal(alone, Run(kind, two));
        }
    }

    [Fact]
    public void L2AppliesOnlyInsideTheDecayedRanges()
    {
        using var two = new GemmEngine(2);
        float[] p = Values(1, 1f), g = Values(2, 0.3f);
        float[] expected = (float[])p.Clone();
        var inside = new bool[Count];
        foreach ((int start, int length) in Ranges)
        {
            Array.Fill(inside, true, start, length);
        }
        for (int i = 0; i < Count; i++)
        {
            OptimizerKernels.GradientDescent(expected.AsSpan(i, 1), g.AsSpan(i, 1), 0.1f, inside[i] ? 1e-2f : 0f);
        }
        new GradientDescentOptimizer(Count, decay: new WeightDecay(1e-2f, Ranges), threads: two).Step(p, g, 0.1f);
        Assert.Equal(expected, p);
    }

    [Fact]
    public void WrongLengthsAreRejected()
    {
        var adam = new AdamOptimizer(10);
        var ex = Assert.Throws<ArgumentException>(() => adam.Step(new float[10], new float[9], 0.1f));
        Assert.Contains("10 parameters", ex.Message);
    }

    [Fact]
    public void OverlappingDecayRangesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new WeightDecay(1e-3f, (0, 10), (5, 10)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeightDecay(-1f, (0, 10)));
    }

    [Fact]
    public void DecayRangesMustBeNonNegativeAndDisjointButMayTouchOrBeEmpty()
    {
        foreach ((int, int)[] bad in new[] { new[] { (-1, 3) }, new[] { (2, -1) }, new[] { (0, 4), (3, 2) } })
        {
            var e = Assert.Throws<ArgumentException>(() => new WeightDecay(1e-3f, bad));
            Assert.Equal("ranges", e.ParamName);
            Assert.StartsWith("Decayed ranges must be non-negative, sorted and disjoint.", e.Message);
        }
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => new WeightDecay(float.NaN, (0, 10)));
        Assert.StartsWith("The L2 factor must be a finite number, 0 or more.", negative.Message);

        Assert.Equal("0+3:0.5 3+2:0.5 5+1:0", Pieces(new WeightDecay(0.5f, (0, 3), (3, 2)), 0, 6)); // touching ranges
        Assert.Equal("0+3:0 3+2:0.5 5+1:0", Pieces(new WeightDecay(0.5f, (0, 0), (3, 2)), 0, 6)); // an empty range is accepted
        Assert.Equal("0+6:0", Pieces(new WeightDecay(0f, (1, 2), (4, 1)), 0, 6)); // no decay: one piece
    }

    [Fact]
    public void AnUnknownOptimizerKindIsRejected()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => RowOptimizerFactory.Create((OptimizerKind)99, 4, 0.9f, 0.9f, 0.999f, 1e-8f));
        Assert.StartsWith("Unknown optimiser.", e.Message);
    }

    [Fact]
    public void DecayPiecesCoverAChunkExactlyOnce()
    {
        var decay = new WeightDecay(0.5f, (3, 4), (10, 2));
        var piece = new Recorder();
        decay.ForEachPiece(0, 15, ref piece);
        Assert.Equal("0+3:0 3+4:0.5 7+3:0 10+2:0.5 12+3:0", string.Join(" ", piece.Seen!));
        piece = new Recorder();
        decay.ForEachPiece(5, 6, ref piece);
        Assert.Equal("5+2:0.5 7+3:0 10+1:0.5", string.Join(" ", piece.Seen!));
        // Chunks that start or end exactly on a range's edge get no empty piece there.
        Assert.Equal("7+3:0", Pieces(decay, 7, 3)); // starts where (3, 4) ends
        Assert.Equal("0+3:0 3+4:0.5 7+3:0", Pieces(decay, 0, 10)); // ends where (10, 2) starts
        Assert.Equal("3+4:0.5", Pieces(decay, 3, 4)); // starts where (3, 4) starts
    }

    private static string Pieces(WeightDecay decay, int start, int length)
    {
        var piece = new Recorder();
        decay.ForEachPiece(start, length, ref piece);
        return string.Join(" ", piece.Seen!);
    }

    private struct Recorder : WeightDecay.IPieceStep
    {
        public List<string>? Seen;

        public void Run(int start, int length, float l2) =>
            (Seen ??= []).Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{start}+{length}:{l2}"));
    }
}
