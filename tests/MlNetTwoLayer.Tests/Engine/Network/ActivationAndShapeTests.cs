using MlNetTwoLayer.Engine.Network;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Network;

/// <summary>The hidden activations element by element (against the formulas in double) and the shape's limits.</summary>
public class ActivationAndShapeTests
{
    private static readonly float[] s_inputs = [-3f, -0.5f, 0f, 0.25f, 2f, 0.25f]; // two rows of three; with the bias, z is exactly 0 at [0, 1] and [1, 2]
    private static readonly float[] s_bias = [1f, 0.5f, -0.25f];

    private static double Reference(HiddenActivation kind, double z) => kind switch
    {
        HiddenActivation.Relu => Math.Max(0, z),
        HiddenActivation.LeakyRelu => z > 0 ? z : 0.01 * z,
        HiddenActivation.Tanh => Math.Tanh(z),
        _ => 1 / (1 + Math.Exp(-z)),
    };

    /// <summary>d f / d z at the forward's output <paramref name="h"/>, with the forward's own convention at z = 0 (the z ≤ 0 branch).</summary>
    private static double Slope(HiddenActivation kind, double z, double h) => kind switch
    {
        HiddenActivation.Relu => z > 0 ? 1 : 0,
        HiddenActivation.LeakyRelu => z > 0 ? 1 : 0.01,
        HiddenActivation.Tanh => 1 - h * h,
        _ => h * (1 - h),
    };

    [Theory]
    [InlineData(HiddenActivation.Relu)]
    [InlineData(HiddenActivation.LeakyRelu)]
    [InlineData(HiddenActivation.Tanh)]
    [InlineData(HiddenActivation.Sigmoid)]
    public void ForwardAddsTheBiasPerColumnThenAppliesTheFunctionAndBackwardMultipliesByItsSlope(HiddenActivation kind)
    {
        float[] h = s_inputs.ToArray();
        Activations.BiasForward(kind, h, 2, 3, s_bias);
        float[] dh = [1f, -2f, 3f, 0.5f, -1.5f, 4f];
        float[] upstream = dh.ToArray();
        Activations.Backward(kind, dh, h);

        for (int i = 0; i < h.Length; i++)
        {
            double z = (double)s_inputs[i] + s_bias[i % 3];
            Assert.Equal(Reference(kind, z), h[i], 1e-6);
            Assert.Equal(upstream[i] * Slope(kind, z, h[i]), dh[i], 1e-6);
        }
    }

    [Fact]
    public void SigmoidIsStableAtBothEnds()
    {
        Assert.Equal(0.5f, Activations.Sigmoid(0));
        Assert.Equal(1f, Activations.Sigmoid(200));
        Assert.Equal(0f, Activations.Sigmoid(-200));
        Assert.True(Activations.Sigmoid(-90) > 0); // e^z / (1 + e^z); 1 / (1 + e^90) would overflow e^90 to ∞ and give 0
        Assert.Equal(1 / (1 + Math.Exp(3)), Activations.Sigmoid(-3), 1e-7);
        Assert.Equal(1 / (1 + Math.Exp(-3)), Activations.Sigmoid(3), 1e-7);
    }

    [Fact]
    public void AnUnknownActivationIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Activations.BiasForward((HiddenActivation)9, new float[3], 1, 3, s_bias));
        Assert.Throws<ArgumentOutOfRangeException>(() => Activations.Backward((HiddenActivation)9, new float[3], new float[3]));
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1, 0, 1)]
    [InlineData(1, 1, 0)]
    public void EachDimensionMustBeAtLeastOne(int inputs, int hidden, int classes)
        => Assert.Throws<ArgumentOutOfRangeException>(() => new NetworkShape(inputs, hidden, classes));

    [Fact]
    public void TheShapeHoldsUpToOneArrayOfParameters()
    {
        // inputs-1-1 has inputs + 3 parameters.
        var largest = new NetworkShape(Array.MaxLength - 3, 1, 1);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new NetworkShape(Array.MaxLength - 2, 1, 1));

        Assert.Equal(Array.MaxLength, largest.ParameterCount);
        Assert.Contains($"has {Array.MaxLength + 1L} parameters, more than one array can hold", error.Message);
        var one = new NetworkShape(1, 1, 1);
        Assert.Equal((1, 1, 1), (one.Inputs, one.Hidden, one.Classes));
    }

    [Fact]
    public void TheBlocksFollowEachOtherInTheOrderW1B1W2B2()
    {
        var s = new NetworkShape(3, 4, 5);

        Assert.Equal((12, 20, 12, 16, 36, 41), (s.W1Length, s.W2Length, s.B1Offset, s.W2Offset, s.B2Offset, s.ParameterCount));
    }
}
