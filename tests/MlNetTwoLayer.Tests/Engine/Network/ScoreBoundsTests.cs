using MlNetTwoLayer.Engine.Network;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Network;

/// <summary>
/// <see cref="ScoreBounds"/> on a hand-made network whose bounds are worked out below by hand
/// (small binary fractions, so every value is exact in float and double).
/// </summary>
public class ScoreBoundsTests
{
    // W1 (2 x 3) row-major, b1, W2 (3 x classes) row-major, b2.
    private static readonly float[] s_w1 = [1, -2, 0.5f, -3, 0.25f, 1];
    private static readonly float[] s_b1 = [0.5f, -1, 2];

    private static NetworkParameters Network(float[] w2, float[] b2)
    {
        var p = new NetworkParameters(new NetworkShape(2, 3, b2.Length));
        s_w1.CopyTo(p.W1);
        s_b1.CopyTo(p.B1);
        w2.CopyTo(p.W2);
        b2.CopyTo(p.B2);
        return p;
    }

    private static NetworkParameters TwoClasses() => Network([1, -1, 0.5f, 2, -2, 0.25f], [-1, 0.5f]);

    [Fact]
    public void ReluBoundsAreTheLargestSumsOfMagnitudes()
    {
        // |x| <= 2: hidden sums 2·(1+3)+0.5 = 8.5, 2·(2+0.25)+1 = 5.5, 2·(0.5+1)+2 = 5 -> 8.5.
        // Outputs: 1 + 8.5·1 + 5.5·0.5 + 5·2 = 22.25 and 0.5 + 8.5·1 + 5.5·2 + 5·0.25 = 21.25 -> 22.25.
        foreach (HiddenActivation activation in new[] { HiddenActivation.Relu, HiddenActivation.LeakyRelu })
        {
            Assert.Equal(new ScoreBounds.Bounds(8.5, 22.25, 22.25), ScoreBounds.For(TwoClasses(), activation, SoftmaxCrossEntropyHead.Instance, 2));
        }
    }

    [Fact]
    public void TanhAndSigmoidHiddenUnitsCountAsAtMostOne()
    {
        // Outputs: 1 + 1 + 0.5 + 2 = 4.5 and 0.5 + 1 + 2 + 0.25 = 3.75; the hidden bound is still the input sum's.
        foreach (HiddenActivation activation in new[] { HiddenActivation.Tanh, HiddenActivation.Sigmoid })
        {
            Assert.Equal(new ScoreBounds.Bounds(8.5, 4.5, 4.5), ScoreBounds.For(TwoClasses(), activation, SoftmaxCrossEntropyHead.Instance, 2));
        }
    }

    [Fact]
    public void TheLargestOutputMayBeAnyClass()
    {
        // Class 1's weights made larger: 0.5 + 8.5·4 + 5.5·2 + 5·0.25 = 46.75 beats class 0's 22.25.
        NetworkParameters p = Network([1, 4, 0.5f, 2, -2, 0.25f], [-1, 0.5f]);

        Assert.Equal(46.75, ScoreBounds.For(p, HiddenActivation.Relu, SigmoidBinaryCrossEntropyHead.Instance, 2).Output);
    }

    [Fact]
    public void ARegressionBoundIsInTheLabelsUnits()
    {
        // One output: 1 + 8.5 + 2.75 + 10 = 22.25; label = 22.25 · 2 + |-3| = 47.5.
        NetworkParameters p = Network([1, 0.5f, -2], [-1]);

        ScoreBounds.Bounds bounds = ScoreBounds.For(p, HiddenActivation.Relu, new IdentitySquaredErrorHead(new TargetScaling(-3, 2)), 2);

        Assert.Equal(new ScoreBounds.Bounds(8.5, 22.25, 47.5), bounds);
    }

    [Fact]
    public void TheLargestWeightIsFoundWithItsPlaceInEachBlock()
    {
        Assert.Equal((-3f, "hidden weights W1[1, 0]"), ScoreBounds.LargestWeight(TwoClasses()));
        Assert.Equal((5f, "hidden biases b1[1]"), ScoreBounds.LargestWeight(WithB1(1, 5)));
        Assert.Equal((-7f, "output weights W2[2, 1]"), ScoreBounds.LargestWeight(Network([1, -1, 0.5f, 2, -2, -7], [-1, 0.5f])));
        Assert.Equal((9f, "output biases b2[1]"), ScoreBounds.LargestWeight(Network([1, -1, 0.5f, 2, -2, 0.25f], [-1, 9])));
        // A tie keeps the first one met.
        Assert.Equal((-3f, "hidden weights W1[1, 0]"), ScoreBounds.LargestWeight(Network([1, -1, 0.5f, 2, -2, 3], [-1, 0.5f])));
        Assert.Equal((0f, "none"), ScoreBounds.LargestWeight(new NetworkParameters(new NetworkShape(2, 3, 2))));
    }

    private static NetworkParameters WithB1(int index, float value)
    {
        NetworkParameters p = TwoClasses();
        p.B1[index] = value;
        return p;
    }
}
