using MlNetTwoLayer.Tests.Helpers;
using Xunit;
using MlNetTwoLayer.Engine.Network;

namespace MlNetTwoLayer.Tests.Engine.Network;

public class SoftmaxStabilityTests
{
    [Fact]
    public void HugeLogitsGiveFiniteCorrectProbabilities()
    {
        float[] scores = [1000f, -1000f, 999f, -1000f, -1000f, -1000f, 1e30f, 0f, -1e30f];
        SoftmaxCrossEntropy.Softmax(scores, 3, 3);
        Assert.All(scores, p => Assert.True(float.IsFinite(p)));
        double e = Math.Exp(-1);
        Tolerance.Close(1 / (1 + e), scores[0], 1e-6, 1e-7, "row 0 class 0");
        Tolerance.Close(0, scores[1], 0, 1e-30, "row 0 class 1");
        Tolerance.Close(e / (1 + e), scores[2], 1e-6, 1e-7, "row 0 class 2");
        Tolerance.AllClose([1f / 3, 1f / 3, 1f / 3], scores.AsSpan(3, 3), 1e-6, 1e-7, "equal logits");
        Tolerance.AllClose([1f, 0f, 0f], scores.AsSpan(6, 3), 0, 1e-30, "extreme logits");
    }

    [Fact]
    public void LossUsesLogSumExpAndStaysFinite()
    {
        float[] scores = [1000f, -1000f, 0f];
        double loss = SoftmaxCrossEntropy.SoftmaxWithLoss(scores, 1, 3, [1], default);
        Tolerance.Close(2000, loss, 1e-9, 1e-6, "loss of a confidently wrong row");
        float[] right = [1000f, -1000f, 0f];
        Assert.Equal(0, SoftmaxCrossEntropy.SoftmaxWithLoss(right, 1, 3, [0], default), 6);
    }

    [Fact]
    public void ProbabilitiesAndGradientsBelowTheNormalRangeAreZero()
    {
        // Gaps of 80 (e^-80 is normal), 95 (e^-95 is subnormal) and 120 (underflows) from the top score.
        float[] scores = [0f, -80f, -95f, -120f];
        SoftmaxCrossEntropy.Softmax(scores, 1, 4);
        Assert.Equal(MathF.Exp(-80f), scores[1]);
        Assert.Equal(0f, scores[2]);
        Assert.Equal(0f, scores[3]);

        // e^-80 is normal, but divided by a large weight sum it is not: dscore holds 0 there.
        SoftmaxCrossEntropy.Gradient(scores, 1, 4, [0], default, normalizer: 1e6f);
        Assert.Equal(0f, scores[1]);
        Assert.All(scores, p => Assert.False(p != 0 && MathF.Abs(p) < 1.17549435E-38f, $"subnormal {p:R}"));
    }
}
