using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Network;

public class OutputHeadStabilityTests
{
    [Fact]
    public void SigmoidLossIsFiniteAndExactForHugeMargins()
    {
        IOutputHead head = SigmoidBinaryCrossEntropyHead.Instance;
        float[] scores = [1000f, -1000f, 1000f, -1000f, 0f, 30f];
        int[] labels = [1, 0, 0, 1, 1, 0];
        var perRow = new double[scores.Length];
        for (int r = 0; r < scores.Length; r++)
        {
            float[] one = [scores[r]];
            perRow[r] = head.ForwardLoss(one, 1, 1, [labels[r]], default, default);
            Assert.True(double.IsFinite(perRow[r]), $"row {r} loss {perRow[r]}");
            Assert.True(float.IsFinite(one[0]) && one[0] >= 0 && one[0] <= 1, $"row {r} probability {one[0]}");
        }
        Tolerance.Close(0, perRow[0], 0, 1e-12, "right and sure");
        Tolerance.Close(0, perRow[1], 0, 1e-12, "right and sure (negative)");
        Tolerance.Close(1000, perRow[2], 1e-12, 0, "wrong and sure: softplus(1000) = 1000");
        Tolerance.Close(1000, perRow[3], 1e-12, 0, "wrong and sure (negative)");
        Tolerance.Close(Math.Log(2), perRow[4], 1e-12, 0, "undecided");
        Tolerance.Close(30 + Math.Log(1 + Math.Exp(-30)), perRow[5], 1e-12, 0, "softplus(30)");
    }

    [Fact]
    public void SigmoidGradientIsProbabilityMinusLabelTimesWeight()
    {
        IOutputHead head = SigmoidBinaryCrossEntropyHead.Instance;
        float[] values = [1000f, -1000f, 0f];
        int[] labels = [0, 0, 1];
        head.ForwardLoss(values, 3, 1, labels, default, default);
        head.Gradient(values, 3, 1, labels, default, [2f, 1f, 1f], 4f);
        Tolerance.AllClose([2f / 4, 0f, -0.5f / 4], values, 1e-6, 1e-12, "dscore");
    }

    [Fact]
    public void RegressionHeadsUndoTheirScalingAtPrediction()
    {
        var scaling = new TargetScaling(1000, 250);
        foreach (IOutputHead head in new IOutputHead[] { new IdentitySquaredErrorHead(scaling), new IdentityHuberHead(scaling, 1f) })
        {
            float[] scores = [0f, 1f, -2f];
            head.Predict(scores, 3, 1);
            Assert.Equal(new[] { 1000f, 1250f, 500f }, scores);
            Assert.Equal(0.5f, scaling.ToTarget(1125f));
        }
    }

    [Fact]
    public void HuberGradientIsClippedAndItsLossLinearBeyondDelta()
    {
        var head = new IdentityHuberHead(TargetScaling.Identity, 1f);
        float[] values = [10f, -10f, 0.5f];
        float[] targets = [0f, 0f, 0f];
        double loss = head.ForwardLoss(values, 3, 1, default, targets, default);
        Tolerance.Close(9.5 + 9.5 + 0.125, loss, 1e-12, 0, "Huber loss");
        head.Gradient(values, 3, 1, default, targets, default, 1f);
        Assert.Equal(new[] { 1f, -1f, 0.5f }, values);
    }

    [Fact]
    public void StandardizationOfConstantLabelsKeepsScaleOne()
    {
        TargetScaling s = TargetScaling.Standardize(3, 42, 0);
        Assert.Equal(new TargetScaling(42, 1), s);
        Assert.True(s.IsValid);
    }

    [Fact]
    public void TargetStatisticsMatchTheTwoPassWeightedMeanAndDeviation()
    {
        var random = new SeededRandom(5);
        float[] labels = Enumerable.Range(0, 500).Select(_ => 1e6f + 1000f * random.NextSingle()).ToArray();
        float[] weights = labels.Select(_ => 0.5f + random.NextSingle()).ToArray();
        var statistics = new MlNetTwoLayer.Engine.Data.TargetStatistics();
        for (int i = 0; i < labels.Length; i++)
        {
            statistics.Add(labels[i], weights[i]);
        }
        double wsum = weights.Sum(v => (double)v);
        double mean = labels.Zip(weights, (l, w) => (double)l * w).Sum() / wsum;
        double variance = labels.Zip(weights, (l, w) => w * ((double)l - mean) * ((double)l - mean)).Sum() / wsum;
        TargetScaling s = statistics.ToScaling();
        Tolerance.Close(mean, s.Offset, 1e-12, 0, "mean");
        Tolerance.Close(Math.Sqrt(variance), s.Scale, 1e-9, 0, "standard deviation");
    }
}
