using MlNetTwoLayer.Tests.Helpers;
using Xunit;
using MlNetTwoLayer.Engine.Optimizers;

namespace MlNetTwoLayer.Tests.Engine.Optimizers;

/// <summary>Each update rule's first steps against values computed by hand from its formula.</summary>
public class OptimizerStepTests
{
    private static readonly float[] Gradient1 = [0.5f, -2f, 0f];
    private static readonly float[] Gradient2 = [0.25f, 1f, -4f];

    [Fact]
    public void GradientDescentIsTheSeedUpdate()
    {
        float[] w = [1f, 2f, 3f];
        new GradientDescentOptimizer(3).Step(w, Gradient1, 0.1f);
        Assert.Equal(new[] { 0.95f, 2.2f, 3f }, w);
    }

    [Fact]
    public void PlainGradientDescentKeepsNoVelocity()
    {
        // Without momentum there is no velocity to keep: a W1 of 100 M weights would otherwise hold 400 MB for nothing.
        Assert.True(new GradientDescentOptimizer(3).Velocity.IsEmpty);
        Assert.Equal(3, new GradientDescentOptimizer(3, momentum: 0.5f).Velocity.Length);
    }

    [Fact]
    public void MomentumAccumulatesVelocity()
    {
        float[] w = [1f, 2f, 3f];
        var opt = new GradientDescentOptimizer(3, momentum: 0.9f);
        opt.Step(w, Gradient1, 0.1f);
        // v1 = -0.1·g1 = [-0.05, 0.2, 0]; w1 = w0 + v1
        Tolerance.AllClose([0.95f, 2.2f, 3f], w, 1e-6, 1e-7);
        opt.Step(w, Gradient2, 0.1f);
        // v2 = 0.9·v1 - 0.1·g2 = [-0.07, 0.08, 0.4]; w2 = w1 + v2
        Tolerance.AllClose([0.88f, 2.28f, 3.4f], w, 1e-6, 1e-7);
    }

    [Fact]
    public void NesterovLooksAhead()
    {
        float[] w = [1f, 2f, 3f];
        var opt = new GradientDescentOptimizer(3, momentum: 0.9f, nesterov: true);
        opt.Step(w, Gradient1, 0.1f);
        // v1 = [-0.05, 0.2, 0]; w1 = w0 + 0.9·v1 - 0.1·g1 = [1 - 0.045 - 0.05, 2 + 0.18 + 0.2, 3]
        Tolerance.AllClose([0.905f, 2.38f, 3f], w, 1e-6, 1e-7);
        opt.Step(w, Gradient2, 0.1f);
        // v2 = [-0.07, 0.08, 0.4]; w2 = w1 + 0.9·v2 - 0.1·g2 = [0.905 - 0.063 - 0.025, 2.38 + 0.072 - 0.1, 3 + 0.36 + 0.4]
        Tolerance.AllClose([0.817f, 2.352f, 3.76f], w, 1e-6, 1e-7);
    }

    [Fact]
    public void AdamFollowsThePaper()
    {
        const double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        float[] w = [1f, 2f, 3f];
        double[] expected = [1, 2, 3], m = new double[3], v = new double[3];
        var opt = new AdamOptimizer(3);
        float[][] gradients = [Gradient1, Gradient2, Gradient1];
        for (int t = 1; t <= gradients.Length; t++)
        {
            opt.Step(w, gradients[t - 1], (float)lr);
            for (int i = 0; i < 3; i++)
            {
                double g = gradients[t - 1][i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mHat = m[i] / (1 - Math.Pow(b1, t)), vHat = v[i] / (1 - Math.Pow(b2, t));
                expected[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
            }
            for (int i = 0; i < 3; i++)
            {
                Tolerance.Close(expected[i], w[i], 1e-6, 1e-7, $"step {t} parameter {i}");
            }
        }
    }

    [Fact]
    public void AdamFirstStepMovesEachParameterByTheLearningRate()
    {
        // The paper (section 2.1): with bias correction the first step is lr·sign(g) (up to ε).
        float[] w = [1f, 2f, 3f];
        new AdamOptimizer(3).Step(w, Gradient1, 0.01f);
        Tolerance.AllClose([0.99f, 2.01f, 3f], w, 1e-6, 1e-7);
    }
}
