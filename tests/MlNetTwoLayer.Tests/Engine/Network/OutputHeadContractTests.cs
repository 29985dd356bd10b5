using MlNetTwoLayer.Engine.Network;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Network;

/// <summary>What each output head promises besides its gradient: outputs, predicted class, argument checks, the factory, and softmax's loss against double.</summary>
public class OutputHeadContractTests
{
    private static readonly TargetScaling s_scaling = new(10, 4);

    [Fact]
    public void EachHeadSaysWhatItIsAndHowManyOutputsItHas()
    {
        var squared = new IdentitySquaredErrorHead(s_scaling);
        var huber = new IdentityHuberHead(s_scaling, 0.5f);

        Assert.Equal((OutputHeadKind.SoftmaxCrossEntropy, true, 5), (SoftmaxCrossEntropyHead.Instance.Kind, SoftmaxCrossEntropyHead.Instance.IsClassifier, SoftmaxCrossEntropyHead.Instance.OutputCount(5)));
        Assert.Equal((OutputHeadKind.SigmoidBinaryCrossEntropy, true, 1), (SigmoidBinaryCrossEntropyHead.Instance.Kind, SigmoidBinaryCrossEntropyHead.Instance.IsClassifier, SigmoidBinaryCrossEntropyHead.Instance.OutputCount(2)));
        Assert.Equal((OutputHeadKind.IdentitySquaredError, false, 1), (squared.Kind, squared.IsClassifier, squared.OutputCount(7)));
        Assert.Equal((OutputHeadKind.IdentityHuber, false, 1), (huber.Kind, huber.IsClassifier, huber.OutputCount(7)));
        Assert.Contains("learns 2 classes, not 3", Assert.Throws<ArgumentException>(() => SigmoidBinaryCrossEntropyHead.Instance.OutputCount(3)).Message);
        Assert.Equal(TargetScaling.Identity, SoftmaxCrossEntropyHead.Instance.Scaling);
        Assert.Equal(TargetScaling.Identity, SigmoidBinaryCrossEntropyHead.Instance.Scaling);
        Assert.Equal(s_scaling, squared.Scaling);
        Assert.Equal((s_scaling, 0.5f), (huber.Scaling, huber.Delta));
    }

    [Fact]
    public void ThePredictedClassIsTheLargestFirstOnTiesAndAboveOneHalfForTheSigmoid()
    {
        Assert.Equal(2, SoftmaxCrossEntropyHead.Instance.PredictedClass([0.1f, 0.2f, 0.4f, 0.3f]));
        Assert.Equal(0, SoftmaxCrossEntropyHead.Instance.PredictedClass([0.5f, 0.2f, 0.3f]));
        Assert.Equal(1, SoftmaxCrossEntropyHead.Instance.PredictedClass([0.3f, 0.35f, 0.35f]));
        Assert.Equal(1, SigmoidBinaryCrossEntropyHead.Instance.PredictedClass([0.5001f]));
        Assert.Equal(0, SigmoidBinaryCrossEntropyHead.Instance.PredictedClass([0.5f]));
        Assert.Equal(-1, new IdentitySquaredErrorHead(s_scaling).PredictedClass([3f]));
        Assert.Equal(-1, new IdentityHuberHead(s_scaling, 1).PredictedClass([3f]));
    }

    [Theory]
    [InlineData(double.NaN, 1.0)]
    [InlineData(0.0, 0.0)]
    [InlineData(0.0, -1.0)]
    [InlineData(double.PositiveInfinity, 1.0)]
    [InlineData(0.0, double.PositiveInfinity)]
    public void RegressionHeadsRefuseAnImpossibleScaling(double offset, double scale)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new IdentitySquaredErrorHead(new TargetScaling(offset, scale)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IdentityHuberHead(new TargetScaling(offset, scale), 1));
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-0.5f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void TheHuberHeadRefusesAThresholdThatIsNotPositiveAndFinite(float delta)
        => Assert.Equal("delta", Assert.Throws<ArgumentOutOfRangeException>(() => new IdentityHuberHead(s_scaling, delta)).ParamName);

    [Fact]
    public void TheFactoryBuildsEachHeadWithItsSettings()
    {
        Assert.Same(SoftmaxCrossEntropyHead.Instance, OutputHeads.Create(OutputHeadKind.SoftmaxCrossEntropy, s_scaling, 2));
        Assert.Same(SigmoidBinaryCrossEntropyHead.Instance, OutputHeads.Create(OutputHeadKind.SigmoidBinaryCrossEntropy, s_scaling, 2));
        Assert.Equal(s_scaling, Assert.IsType<IdentitySquaredErrorHead>(OutputHeads.Create(OutputHeadKind.IdentitySquaredError, s_scaling, 2)).Scaling);
        var huber = Assert.IsType<IdentityHuberHead>(OutputHeads.Create(OutputHeadKind.IdentityHuber, s_scaling, 2));
        Assert.Equal((s_scaling, 2f), (huber.Scaling, huber.Delta));
        Assert.Throws<ArgumentOutOfRangeException>(() => OutputHeads.Create((OutputHeadKind)9, s_scaling, 2));
        Assert.Equal(2f, OutputHeads.HuberDelta(huber));
        Assert.Equal(0f, OutputHeads.HuberDelta(new IdentitySquaredErrorHead(s_scaling)));
        Assert.Equal([false, false, true, true], Enum.GetValues<OutputHeadKind>().Select(OutputHeads.IsRegression));
    }

    [Fact]
    public void SoftmaxLossIsTheWeightedLogLossInDoubleAndLeavesTheProbabilities()
    {
        float[] scores = [1f, 2f, -1f, 0.5f, 0.5f, 3f];
        int[] labels = [1, 2];
        float[] weights = [2f, 0.25f];
        float[] copy = scores.ToArray();

        double loss = SoftmaxCrossEntropyHead.Instance.ForwardLoss(copy, 2, 3, labels, [], weights);
        double unweighted = SoftmaxCrossEntropyHead.Instance.ForwardLoss(scores.ToArray(), 2, 3, labels, [], []);

        double expected = 0, plain = 0;
        for (int r = 0; r < 2; r++)
        {
            double[] row = [scores[3 * r], scores[3 * r + 1], scores[3 * r + 2]];
            double logSumExp = Math.Log(row.Sum(Math.Exp));
            expected += weights[r] * (logSumExp - row[labels[r]]);
            plain += logSumExp - row[labels[r]];
            for (int k = 0; k < 3; k++)
            {
                Assert.Equal(Math.Exp(row[k] - logSumExp), copy[3 * r + k], 1e-6);
            }
        }
        Assert.Equal(expected, loss, 1e-5);
        Assert.Equal(plain, unweighted, 1e-5);
    }

    [Fact]
    public void ProbabilitiesTooSmallForANormalFloatAreZero()
    {
        float[] row = [0f, -80f, -90f, -200f];

        SoftmaxCrossEntropy.SoftmaxRow(row);

        Assert.Equal((float)(1 / (1 + Math.Exp(-80))), row[0], 1e-7f);
        Assert.Equal((float)Math.Exp(-80), row[1], 1e-40f); // 1.8e-35: small but normal, kept
        Assert.Equal(0f, row[2]); // e^-90 is below the smallest normal float
        Assert.Equal(0f, row[3]);
    }
}
