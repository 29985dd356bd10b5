using Xunit;
using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Engine.Optimizers;

namespace MlNetTwoLayer.Tests.Engine.Optimizers;

/// <summary>
/// Each fused optimiser kernel against a naive scalar twin written straight from its formula, at
/// every length 0..70 (every SIMD remainder), with and without L2, on data that includes values
/// whose update falls below the normal range: results must be bit-identical and hold no subnormal.
/// </summary>
public class OptimizerKernelTwinTests
{
    private const float MinNormal = 1.17549435E-38f;

    public static TheoryData<int, float> LengthsAndL2()
    {
        var data = new TheoryData<int, float>();
        for (int n = 0; n <= 70; n++)
        {
            data.Add(n, 0f);
            if (n % 2 == 1)
            {
                data.Add(n, 1e-3f);
            }
        }
        return data;
    }

    /// <summary>Mostly ordinary values; every fifth is tiny enough that its update or moment underflows.</summary>
    private static float[] Values(int n, int seed, float scale)
    {
        var random = new Random(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = i % 5 == 3 ? (float)((random.NextDouble() - 0.5) * 4e-37) : (float)((random.NextDouble() * 2 - 1) * scale);
        }
        return v;
    }

    private static float Flush(float x) => Math.Abs(x) < MinNormal ? 0f : x;

    private static void AssertNoSubnormal(float[] values, string what)
    {
        foreach (float v in values)
        {
            Assert.False(v != 0 && Math.Abs(v) < MinNormal, $"{what} holds the subnormal {v:R}.");
        }
    }

    [Theory]
    [MemberData(nameof(LengthsAndL2))]
    public void GradientDescentMatchesItsTwin(int n, float l2)
    {
        float[] p = Values(n, 1, 1f), g = Values(n, 2, 0.5f);
        float[] expected = (float[])p.Clone();
        for (int i = 0; i < n; i++)
        {
            float d = l2 == 0 ? g[i] : g[i] + l2 * expected[i];
            expected[i] = Flush(expected[i] + -0.05f * d);
        }
        OptimizerKernels.GradientDescent(p, g, 0.05f, l2);
        Assert.Equal(expected, p);
        AssertNoSubnormal(p, "θ");
    }

    [Theory]
    [MemberData(nameof(LengthsAndL2))]
    public void MomentumAndNesterovMatchTheirTwins(int n, float l2)
    {
        foreach (bool nesterov in new[] { false, true })
        {
            float[] p = Values(n, 3, 1f), g = Values(n, 4, 0.5f), v = Values(n, 5, 0.1f);
            float[] ep = (float[])p.Clone(), ev = (float[])v.Clone();
            for (int i = 0; i < n; i++)
            {
                float d = l2 == 0 ? g[i] : g[i] + l2 * ep[i];
                float step = -0.05f * d;
                ev[i] = Flush(0.9f * ev[i] + step);
                ep[i] = Flush(ep[i] + (nesterov ? 0.9f * ev[i] + step : ev[i]));
            }
            OptimizerKernels.Momentum(p, g, v, 0.05f, 0.9f, nesterov, l2);
            Assert.Equal(ev, v);
            Assert.Equal(ep, p);
            AssertNoSubnormal(p, "θ");
            AssertNoSubnormal(v, "velocity");
        }
    }

    [Theory]
    [MemberData(nameof(LengthsAndL2))]
    public void AdamMatchesItsTwin(int n, float l2)
    {
        float[] p = Values(n, 6, 1f), g = Values(n, 7, 0.5f), m = Values(n, 8, 0.01f), v = Values(n, 9, 0.01f);
        for (int i = 0; i < n; i++)
        {
            v[i] = Math.Abs(v[i]);
        }
        float[] ep = (float[])p.Clone(), em = (float[])m.Clone(), ev = (float[])v.Clone();
        var c = new AdamCoefficients(0.9f, 0.999f, 1e-8f, 0.01f, t: 7);
        for (int i = 0; i < n; i++)
        {
            float d = l2 == 0 ? g[i] : g[i] + l2 * ep[i];
            em[i] = Flush(c.Beta1 * em[i] + c.OneMinusBeta1 * d);
            ev[i] = Flush(c.Beta2 * ev[i] + c.OneMinusBeta2 * d * d);
            ep[i] = Flush(ep[i] - c.StepSize * em[i] / (MathF.Sqrt(ev[i]) + c.Epsilon));
        }
        OptimizerKernels.Adam(p, g, m, v, c, l2);
        Assert.Equal(em, m);
        Assert.Equal(ev, v);
        Assert.Equal(ep, p);
        AssertNoSubnormal(p, "θ");
        AssertNoSubnormal(m, "m");
        AssertNoSubnormal(v, "v");
    }

    [Fact]
    public void AdamCoefficientsAreAlgorithmOnesBiasCorrections()
    {
        // α·m̂/(√v̂ + ε) = α_t·m/(√v + ε̂) with α_t = α·√(1-β2^t)/(1-β1^t) and ε̂ = ε·√(1-β2^t).
        var c = new AdamCoefficients(0.9f, 0.999f, 1e-8f, 0.01f, t: 3);
        double root2 = Math.Sqrt(1 - Math.Pow(0.999f, 3));
        Assert.Equal(0.01f * root2 / (1 - Math.Pow(0.9f, 3)), c.StepSize, 1e-9);
        Assert.Equal(1e-8 * root2, c.Epsilon, 1e-15);
        Assert.Equal(1f - 0.9f, c.OneMinusBeta1);
        Assert.Equal(1f - 0.999f, c.OneMinusBeta2);
    }

    [Fact]
    public void NaNIsNotFlushed()
    {
        // The divergence check must still see a NaN: flushing is for tiny values only.
        float[] p = [1f, float.NaN], g = [float.NaN, 0f];
        OptimizerKernels.GradientDescent(p, g, 0.1f, 0f);
        Assert.True(float.IsNaN(p[0]) && float.IsNaN(p[1]));
    }

    [Fact]
    public void MismatchedSpansAreRejected()
    {
        var adam = Assert.Throws<ArgumentException>(() => OptimizerKernels.Adam(new float[4], new float[4], new float[3], new float[4], new AdamCoefficients(0.9f, 0.999f, 1e-8f, 0.01f, 1), 0));
        var plain = Assert.Throws<ArgumentException>(() => OptimizerKernels.GradientDescent(new float[4], new float[5], 0.1f, 0f));
        var momentum = Assert.Throws<ArgumentException>(() => OptimizerKernels.Momentum(new float[4], new float[4], new float[2], 0.1f, 0.9f, nesterov: false, 0f));

        Assert.Equal("The optimiser's spans differ in length: 4 parameters, 4 gradients, state 3 and 4.", adam.Message);
        Assert.Equal("The optimiser's spans differ in length: 4 parameters, 5 gradients, state 4 and 4.", plain.Message);
        Assert.Equal("The optimiser's spans differ in length: 4 parameters, 4 gradients, state 2 and 4.", momentum.Message);
    }

    [Fact]
    public void ANegativeParameterCountIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GradientDescentOptimizer(-1));
    }

    public static TheoryData<int, float> RowLengthsAndL2()
    {
        var data = new TheoryData<int, float>();
        for (int n = 0; n <= 20; n++)
        {
            data.Add(n, n % 2 == 0 ? 0f : 1e-2f);
        }
        return data;
    }

    /// <summary>
    /// The lazy Adam row update (SIMD over the hidden units, scalar tail) against a scalar twin of
    /// Kingma and Ba's step with L2 folded in, over three steps at every length 0…20 (8-wide vectors
    /// and every remainder): the same IEEE operations in the same order, so bit-identical.
    /// </summary>
    [Theory]
    [MemberData(nameof(RowLengthsAndL2))]
    public void LazyAdamRowMatchesItsTwin(int n, float l2)
    {
        const float b1 = 0.9f, b2 = 0.999f, lr = 0.01f, eps = 1e-8f;
        float[] w = Values(n, 1, 1f), m = new float[n], v = new float[n];
        float[] ew = (float[])w.Clone(), em = new float[n], ev = new float[n];
        for (int t = 1; t <= 3; t++)
        {
            float[] g = Values(n, 10 + t, 2f);
            float inverse1 = 1f / (1f - (float)Math.Pow(b1, t)), inverse2 = 1f / (1f - (float)Math.Pow(b2, t));
            LazyAdamRows.AdamRow(w, m, v, g, b1, b2, inverse1, inverse2, lr, eps, l2);
            for (int i = 0; i < n; i++)
            {
                float d = g[i] + l2 * ew[i];
                em[i] = b1 * em[i] + (1f - b1) * d;
                ev[i] = b2 * ev[i] + (1f - b2) * d * d;
                ew[i] = ew[i] - lr * (em[i] * inverse1) / (MathF.Sqrt(ev[i] * inverse2) + eps);
            }
        }
        Assert.Equal(em, m);
        Assert.Equal(ev, v);
        Assert.Equal(ew, w);
    }
}
