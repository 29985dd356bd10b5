using Microsoft.ML;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary>
/// What ValidationFraction holds out (how many rows of each class, their example weights, the order
/// the rest trains in) and how a validation set is measured (weighted loss and accuracy, sets larger
/// than one evaluation chunk), each checked through the public trainer against the independent
/// reference trainer.
/// </summary>
public class ValidationMeasureTests
{
    private const string Weight = nameof(OptionEffectData.Row.Weight);

    /// <summary>One fixed feature vector per class, so which rows of a class are held out cannot matter; only how many, and their order.</summary>
    private static float[] ClassFeatures(int label) => Enumerable.Range(0, OptionEffectData.Inputs).Select(i => (i == label ? 0.9f : 0.1f) + 0.05f * (i - label)).ToArray();

    private static readonly float[] ClassWeight = [3f, 1f, 2f];

    /// <summary>Class 2's rows, then class 1's, then class 0's: the split's per-class grouping would reverse that if it did not restore the row order.</summary>
    private static List<OptionEffectData.Row> Blocks(int n0, int n1, int n2)
    {
        var rows = new List<OptionEffectData.Row>();
        foreach ((int label, int n) in new[] { (2, n2), (1, n1), (0, n0) })
        {
            for (int r = 0; r < n; r++)
            {
                rows.Add(new OptionEffectData.Row { Features = ClassFeatures(label), Label = label, Weight = ClassWeight[label] });
            }
        }
        return rows;
    }

    private static TwoLayerTrainer.Options HoldOutOptions(double fraction, ClassWeighting weighting) => new()
    {
        EnsembleSize = 1,
        HiddenUnits = OptionEffectData.Hidden, NumberOfEpochs = 1, BatchSize = 3, Shuffle = false, LearningRate = 0.3f, L2Regularization = 0,
        Patience = 0, LearningRateSchedule = LearningRateSchedule.Constant, Optimizer = OptimizerKind.GradientDescent, Momentum = 0,
        ValidationFraction = fraction, ClassWeighting = weighting, ExampleWeightColumnName = Weight, Seed = 1, NumberOfThreads = 1,
        StandardizeInputs = false, // the reference trains on the raw features
    };

    [Theory]
    // (rows of classes 0, 1, 2), fraction → rows held out of each class.
    [InlineData(12, 8, 4, 0.25, 3, 2, 1, false)]
    [InlineData(12, 8, 4, 0.25, 3, 2, 1, true)]
    [InlineData(12, 8, 2, 0.25, 3, 2, 1, false)] // 2 · 0.25 rounds to 0, but a class with two rows gives one
    [InlineData(12, 8, 1, 0.25, 3, 2, 0, true)] // a class with one row keeps it for training
    [InlineData(2, 8, 4, 0.9, 1, 7, 3, false)] // every class keeps at least one training row
    public void TheHoldOutIsStratifiedKeepsItsWeightsAndTheRestTrainsInRowOrder(int n0, int n1, int n2, double fraction, int h0, int h1, int h2, bool balanced)
    {
        var ml = new MLContext(seed: 1);
        TwoLayerTrainer.Options options = HoldOutOptions(fraction, balanced ? ClassWeighting.Balanced : ClassWeighting.None);
        TwoLayerModelParameters initial = OptionEffectData.InitialModel();
        TwoLayerTransformer model = new TwoLayerTrainer(ml, options).Fit(OptionEffectData.Load(ml, Blocks(n0, n1, n2)), initial);

        // In row order: what is left of class 2, of class 1, of class 0; the hold-out likewise.
        ReferenceTrainer.Data train = OptionEffectData.ToReference(Blocks(n0 - h0, n1 - h1, n2 - h2));
        ReferenceTrainer.Data held = OptionEffectData.ToReference(Blocks(h0, h1, h2));
        ReferenceTrainer.Result expected = ReferenceTrainer.Train(options, train, ReferenceTrainer.Weights.From(initial), held);
        TrainingHistory h = model.History!;

        Tolerance.Close(expected.TrainingLoss[0], h.TrainingLoss[0], 1e-5, 1e-6, "training loss of the rows not held out");
        Tolerance.Close(expected.ValidationLoss[0], h.ValidationLoss[0], 1e-5, 1e-6, "weighted validation loss of the held-out rows");
        double[] trained = ReferenceTrainer.Weights.From(model.Model).Flat(), reference = expected.Weights.Flat();
        for (int i = 0; i < trained.Length; i++)
        {
            Tolerance.Close(reference[i], trained[i], 1e-5, 1e-6, $"parameter {i}");
        }
        // The weights really matter here: the unweighted hold-out loss is far from the weighted one.
        double unweighted = ReferenceTrainer.MeanLoss(HiddenActivation.Relu, expected.Weights, held with { RowWeights = null });
        Assert.True(Math.Abs(unweighted - h.ValidationLoss[0]) > 1e-3, $"unweighted {unweighted} vs reported {h.ValidationLoss[0]}: the case cannot tell weights from none");
    }

    [Fact]
    public void AValidationFractionThatHoldsOutNothingIsAClearError()
    {
        // Every class has a single row: none can give one up without losing its only training row.
        var ml = new MLContext(seed: 1);
        var options = HoldOutOptions(0.5, ClassWeighting.None);
        var trainer = new TwoLayerTrainer(ml, options);
        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(OptionEffectData.Load(ml, Blocks(1, 1, 1))));
        Assert.Contains("ValidationFraction", error.Message, StringComparison.Ordinal);
        Assert.Contains("no validation", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TrainingDataMode.InMemory)]
    [InlineData(TrainingDataMode.Streaming)]
    public void AValidationSetLargerThanOneChunkIsMeasuredRowByRowWithItsWeights(TrainingDataMode mode)
    {
        // 2500 validation rows: the evaluation works in chunks of 1024, so three chunks, the last one partial.
        // Features, labels and weights all vary with the row, so a chunk read at the wrong place shows.
        var random = new Random(21);
        List<OptionEffectData.Row> Rows(int count, bool flips) => Enumerable.Range(0, count).Select(r =>
        {
            int signal = (r / 7 + r / 1024) % 3;
            // Every fifth row is labelled against its features and weighs most, so weighted accuracy is far from the plain one.
            bool flipped = flips && r % 5 == 0;
            float[] x = Enumerable.Range(0, OptionEffectData.Inputs).Select(i => (float)(random.NextDouble() + (i == signal ? 0.8 : 0) - 0.3)).ToArray();
            float weight = flipped ? 6f : r < 1024 ? 0.2f : r < 2048 ? 1.5f + (r % 3) : 4f;
            return new OptionEffectData.Row { Features = x, Label = flipped ? (signal + 1) % 3 : signal, Weight = weight };
        }).ToList();
        List<OptionEffectData.Row> train = Rows(300, flips: false), validation = Rows(2500, flips: true);
        var ml = new MLContext(seed: 1);
        var options = new TwoLayerTrainer.Options
        {
            EnsembleSize = 1,
            HiddenUnits = OptionEffectData.Hidden, NumberOfEpochs = 4, BatchSize = 10, LearningRate = 0.05f, Patience = 0, Seed = 1,
            DataMode = mode, NumberOfThreads = 1, ExampleWeightColumnName = Weight,
        };
        TwoLayerTransformer model = new TwoLayerTrainer(ml, options).Fit(OptionEffectData.Load(ml, train), OptionEffectData.Load(ml, validation));
        TrainingHistory h = model.History!;

        // The returned weights are the best epoch's, the ones measured at that epoch.
        int best = h.BestEpoch - 1;
        var weights = ReferenceTrainer.Weights.From(model.Model);
        ReferenceTrainer.Data data = OptionEffectData.ToReference(validation);
        Tolerance.Close(ReferenceTrainer.MeanLoss(HiddenActivation.Relu, weights, data), h.ValidationLoss[best], 1e-5, 1e-6, "weighted validation loss");
        double correct = 0, total = 0, unweightedCorrect = 0;
        for (int r = 0; r < validation.Count; r++)
        {
            double[] p = ReferenceTrainer.Probabilities(HiddenActivation.Relu, weights, data.Features[r], out _);
            bool right = Array.IndexOf(p, p.Max()) == data.Labels[r];
            correct += right ? data.RowWeights![r] : 0;
            unweightedCorrect += right ? 1 : 0;
            total += data.RowWeights![r];
        }
        Assert.Equal(correct / total, h.ValidationAccuracy[best], 6);
        Assert.True(Math.Abs(correct / total - unweightedCorrect / validation.Count) > 0.01, $"weighted accuracy {correct / total} vs plain {unweightedCorrect / validation.Count}: the case cannot tell them apart");
    }
}
