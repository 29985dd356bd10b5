using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Engine.Optimizers;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Optimizers;

/// <summary>
/// The lazy W1-row optimisers against values worked out by hand (in the comments): three steps on a
/// 3 x 2 W1 touching row 0, then row 1, then row 0 again, so the tests see both that an untouched
/// row does not move and that its state is not decayed while it is absent.
/// </summary>
public class LazyRowOptimizerTests
{
    private const float LearningRate = 0.1f;

    /// <summary>A one-thread engine: it starts no threads, so it needs no disposing.</summary>
    private static readonly GemmEngine One = new(1);

    [Fact]
    public void LazyAdamStepsMatchTheHandComputedReference()
    {
        float[] w = [1f, 2f, 3f, 4f, 5f, 6f];
        var adam = new LazyAdamRows(w.Length, beta1: 0.9f, beta2: 0.999f, epsilon: 1e-8f);

        // t = 1, row 0, g = (0.5, -1): m = 0.1·g, v = 0.001·g², m̂ = g, v̂ = g², so W -= 0.1·g/|g| = ±0.1.
        adam.Step(w, 2, [0], 1, [0.5f, -1f], LearningRate, 0f, One);
        Tolerance.AllClose(new[] { 0.9f, 2.1f, 3f, 4f, 5f, 6f }, w, 1e-6, 1e-7, "after step 1");

        // t = 2, row 1, g = (2, 0): m = (0.2, 0), v = (0.004, 0), m̂ = 0.2/0.19, v̂ = 0.004/0.001999,
        // W[1,0] -= 0.1·1.052632/1.414567 = 0.0744137; a zero gradient moves nothing. Row 0 stays (dense Adam would move it).
        adam.Step(w, 2, [1], 1, [2f, 0f], LearningRate, 0f, One);
        Tolerance.AllClose(new[] { 0.9f, 2.1f, 2.9255863f, 4f, 5f, 6f }, w, 1e-6, 1e-7, "after step 2");

        // t = 3, row 0 again: its moments were not decayed at t = 2, so m = 0.9·0.05 + 0.05 = 0.095 (and -0.19),
        // v = 0.999·0.00025 + 0.00025 = 0.00049975 (and 0.001999); m̂ = 0.095/0.271, v̂ = 0.00049975/0.002997001:
        // W[0,0] = 0.9 - 0.1·0.350554/0.408350 = 0.8141537.
        adam.Step(w, 2, [0], 1, [0.5f, -1f], LearningRate, 0f, One);
        Tolerance.AllClose(new[] { 0.81415375f, 2.18584625f, 2.9255863f, 4f, 5f, 6f }, w, 1e-6, 1e-7, "after step 3");
    }

    [Fact]
    public void LazyAdamCountsStepsThatTouchNoRow()
    {
        float[] w = [1f, 2f];
        var adam = new LazyAdamRows(w.Length, 0.9f, 0.999f, 1e-8f);
        adam.Step(w, 2, [], 0, [], LearningRate, 0f, One); // t = 1, nothing touched
        adam.Step(w, 2, [0], 1, [0.5f, -1f], LearningRate, 0f, One); // t = 2: m = 0.1·g, m̂ = 0.1·g/0.19; v̂ = 0.001·g²/0.001999
        double expected = 0.1 * (0.05 / 0.19) / Math.Sqrt(0.00025 / 0.001999);
        Tolerance.Close(1 - expected, w[0], 1e-6, 1e-7, "bias corrections use the global step count");
    }

    [Fact]
    public void LazyAdamGivesTheSameBitsWithMomentsInOneArrayOrInTwo()
    {
        // The separate layout is what a W1 past a billion weights gets; here it runs on a small one. 13 hidden
        // units: a SIMD body and a scalar tail per row. The steps touch the last row, so a row stride or a second
        // moment offset of the other layout used here reads past the arrays or another row's moments.
        const int inputs = 40, hidden = 13;
        var random = new SeededRandom(21);
        float[] start = Enumerable.Range(0, inputs * hidden).Select(_ => random.NextSingle() - 0.5f).ToArray();
        float[] one = (float[])start.Clone(), two = (float[])start.Clone();
        var interleaved = new LazyAdamRows(start.Length, 0.9f, 0.999f, 1e-8f, interleaved: true);
        var separate = new LazyAdamRows(start.Length, 0.9f, 0.999f, 1e-8f, interleaved: false);
        int[][] steps = [[inputs - 1, 0, 7], [3, inputs - 1], [7, 20, 0, inputs - 2], [inputs - 1]];
        foreach (int[] rows in steps)
        {
            float[] g = Enumerable.Range(0, rows.Length * hidden).Select(_ => random.NextSingle() - 0.5f).ToArray();
            interleaved.Step(one, hidden, rows, rows.Length, g, LearningRate, 0.01f, One);
            separate.Step(two, hidden, rows, rows.Length, g, LearningRate, 0.01f, One);
        }
        Assert.Equal(one, two);
        Assert.NotEqual(start, one);
        // And both are Adam: row 1 was never touched, the last row moved in every step.
        Assert.Equal(start.AsSpan(hidden, hidden).ToArray(), one.AsSpan(hidden, hidden).ToArray());
        Assert.NotEqual(start.AsSpan((inputs - 1) * hidden, hidden).ToArray(), one.AsSpan((inputs - 1) * hidden, hidden).ToArray());
    }

    [Fact]
    public void LazyAdamInterleavedMomentsStartOnACacheLine()
    {
        // The reason for the interleaved layout: a row's moments are whole 64-byte lines. Many sizes, so the
        // arrays land at many different offsets from a line.
        for (int length = 1; length <= 64; length++)
        {
            var adam = new LazyAdamRows(length * 3, 0.9f, 0.999f, 1e-8f);
            Assert.Equal(0, adam.FirstMomentAddress % 64);
        }
    }

    [Fact]
    public void LazyMomentumStepsMatchTheHandComputedReference()
    {
        float[] w = [1f, 2f, 3f, 4f];
        var momentum = new LazyMomentumRows(w.Length, 0.9f, nesterov: false);
        // Step 1, row 0, g = (1, -2): v = -0.1·g = (-0.1, 0.2), W += v.
        momentum.Step(w, 2, [0], 1, [1f, -2f], LearningRate, 0f, One);
        Tolerance.AllClose(new[] { 0.9f, 2.2f, 3f, 4f }, w, 1e-6, 1e-7, "after step 1");
        // Step 2, row 1, g = (0.5, 0.5): v = (-0.05, -0.05). Row 0 keeps its weights (dense momentum would add 0.9·v).
        momentum.Step(w, 2, [1], 1, [0.5f, 0.5f], LearningRate, 0f, One);
        Tolerance.AllClose(new[] { 0.9f, 2.2f, 2.95f, 3.95f }, w, 1e-6, 1e-7, "after step 2");
        // Step 3, row 0: its velocity was not decayed while absent: v = 0.9·(-0.1, 0.2) + (-0.1, 0.2) = (-0.19, 0.38).
        momentum.Step(w, 2, [0], 1, [1f, -2f], LearningRate, 0f, One);
        Tolerance.AllClose(new[] { 0.71f, 2.58f, 2.95f, 3.95f }, w, 1e-6, 1e-7, "after step 3");
    }

    [Fact]
    public void LazyNesterovStepsMatchTheHandComputedReference()
    {
        float[] w = [1f, 2f, 3f, 4f];
        var nesterov = new LazyMomentumRows(w.Length, 0.9f, nesterov: true);
        // W += μ·v - lr·g: step 1 v = (-0.1, 0.2), W += 0.9·v + (-0.1, 0.2) = (-0.19, 0.38).
        nesterov.Step(w, 2, [0], 1, [1f, -2f], LearningRate, 0f, One);
        Tolerance.AllClose(new[] { 0.81f, 2.38f, 3f, 4f }, w, 1e-6, 1e-7, "after step 1");
        nesterov.Step(w, 2, [1], 1, [0.5f, 0.5f], LearningRate, 0f, One);
        Tolerance.AllClose(new[] { 0.81f, 2.38f, 2.905f, 3.905f }, w, 1e-6, 1e-7, "after step 2");
        // Step 3, row 0: v = (-0.19, 0.38), W += 0.9·v + (-0.1, 0.2) = (-0.271, 0.542).
        nesterov.Step(w, 2, [0], 1, [1f, -2f], LearningRate, 0f, One);
        Tolerance.AllClose(new[] { 0.539f, 2.922f, 2.905f, 3.905f }, w, 1e-6, 1e-7, "after step 3");
    }

    [Fact]
    public void SparseGradientDescentMovesOnlyTouchedRowsByTheGradient()
    {
        float[] w = [1f, 2f, 3f, 4f, 5f, 6f];
        var sgd = RowOptimizerFactory.Create(OptimizerKind.GradientDescent, w.Length, 0.9f, 0.9f, 0.999f, 1e-8f);
        sgd.Step(w, 2, [2, 0], 2, [1f, 2f, -1f, 0.5f], LearningRate, 0f, One);
        Tolerance.AllClose(new[] { 1.1f, 1.95f, 3f, 4f, 4.9f, 5.8f }, w, 1e-6, 1e-7, "after the step");
    }

    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.GradientDescent)]
    [InlineData(OptimizerKind.ClassicalMomentum)]
    [InlineData(OptimizerKind.Nesterov)]
    public void FoldedL2IsTheL2GradientAddedFirstAndThreadsDoNotChangeTheBits(OptimizerKind kind)
    {
        const int inputs = 3000, hidden = 13, touched = 2500;
        const float l2 = 0.01f;
        var random = new SeededRandom(8);
        float[] start = Enumerable.Range(0, inputs * hidden).Select(_ => random.NextSingle() - 0.5f).ToArray();
        int[] rows = Enumerable.Range(0, inputs).Where(i => i % 6 != 0).Take(touched).Reverse().ToArray();
        float[] g = Enumerable.Range(0, touched * hidden).Select(_ => random.NextSingle() - 0.5f).ToArray();

        float[] folded = (float[])start.Clone(), added = (float[])start.Clone(), twoThreads = (float[])start.Clone();
        IRowOptimizer a = RowOptimizerFactory.Create(kind, start.Length, 0.9f, 0.9f, 0.999f, 1e-8f);
        IRowOptimizer b = RowOptimizerFactory.Create(kind, start.Length, 0.9f, 0.9f, 0.999f, 1e-8f);
        IRowOptimizer c = RowOptimizerFactory.Create(kind, start.Length, 0.9f, 0.9f, 0.999f, 1e-8f);
        using var two = new GemmEngine(2);
        for (int step = 0; step < 3; step++)
        {
            a.Step(folded, hidden, rows, touched, g, LearningRate, l2, One);
            long saved = ParallelRanges.MinimumWork;
            try
            {
                ParallelRanges.MinimumWork = 1; // so the two-thread step really splits the rows
                c.Step(twoThreads, hidden, rows, touched, g, LearningRate, l2, two);
            }
            finally
            {
                ParallelRanges.MinimumWork = saved;
            }
            // The unfused reference: g + λ·W for each touched row, then a step without L2.
            float[] withL2 = (float[])g.Clone();
            for (int k = 0; k < touched; k++)
            {
                for (int i = 0; i < hidden; i++)
                {
                    withL2[k * hidden + i] += l2 * added[rows[k] * hidden + i];
                }
            }
            b.Step(added, hidden, rows, touched, withL2, LearningRate, 0f, One);
        }
        Tolerance.AllClose(added, folded, 1e-5, 1e-6, $"{kind} folded L2");
        Assert.Equal(folded, twoThreads);
        for (int i = 0; i < inputs; i += 6)
        {
            Assert.Equal(start.AsSpan(i * hidden, hidden).ToArray(), folded.AsSpan(i * hidden, hidden).ToArray());
        }
    }
}
