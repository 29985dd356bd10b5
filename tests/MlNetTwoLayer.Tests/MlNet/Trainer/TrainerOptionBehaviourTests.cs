using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary>
/// The options <see cref="TrainerOptionEffectTests"/> cannot check against the reference run (they
/// involve random draws, early stopping, hold-outs or column lookup), each through the public
/// trainer with an expectation that fails when the option is ignored.
/// </summary>
public class TrainerOptionBehaviourTests
{
    private static TwoLayerTrainer.Options Sequential(TrainingDataMode mode) => new()
    {
        EnsembleSize = 1,
        StandardizeInputs = false,
        HiddenUnits = OptionEffectData.Hidden, NumberOfEpochs = 6, BatchSize = 7, Shuffle = false, Seed = 1,
        Optimizer = OptimizerKind.GradientDescent, LearningRate = 0.5f, L2Regularization = 0, Patience = 0,
        LearningRateSchedule = LearningRateSchedule.Constant, DataMode = mode, NumberOfThreads = 1,
    };

    private static double[] FitFrom(TwoLayerTrainer.Options options, List<OptionEffectData.Row> rows, TwoLayerModelParameters initial)
    {
        var ml = new MLContext(seed: 1);
        return ReferenceTrainer.Weights.From(new TwoLayerTrainer(ml, options).Fit(OptionEffectData.Load(ml, rows), initial).Model).Flat();
    }

    [Theory]
    [InlineData(TrainingDataMode.InMemory)]
    [InlineData(TrainingDataMode.Streaming)]
    public void ShuffleChangesTheBatchesAndShuffleFalseKeepsTheRowOrder(TrainingDataMode mode)
    {
        List<OptionEffectData.Row> rows = OptionEffectData.Make();
        TwoLayerModelParameters initial = OptionEffectData.InitialModel();
        TwoLayerTrainer.Options options = Sequential(mode);
        double[] inOrder = ReferenceTrainer.Train(options, OptionEffectData.ToReference(rows), ReferenceTrainer.Weights.From(initial)).Weights.Flat();

        Assert.True(TrainerOptionEffectTests.MaxDifference(inOrder, FitFrom(options, rows, initial)) < 1e-5, "Shuffle = false must train on the rows in order");
        options.Shuffle = true;
        options.StreamingShuffleWindow = 64;
        double[] shuffled = FitFrom(options, rows, initial);
        Assert.True(TrainerOptionEffectTests.MaxDifference(inOrder, shuffled) > 1e-2, "Shuffle = true must change which rows share a batch");
        options.Seed = 2;
        Assert.True(TrainerOptionEffectTests.MaxDifference(shuffled, FitFrom(options, rows, initial)) > 1e-2, "another seed must shuffle differently");
    }

    [Fact]
    public void StreamingShuffleWindowBoundsHowFarRowsMove()
    {
        List<OptionEffectData.Row> rows = OptionEffectData.Make();
        TwoLayerModelParameters initial = OptionEffectData.InitialModel();
        TwoLayerTrainer.Options options = Sequential(TrainingDataMode.Streaming);
        double[] inOrder = ReferenceTrainer.Train(options, OptionEffectData.ToReference(rows), ReferenceTrainer.Weights.From(initial)).Weights.Flat();
        options.Shuffle = true;

        // A window of one row cannot reorder anything: the same model as no shuffle at all.
        options.StreamingShuffleWindow = 1;
        Assert.True(TrainerOptionEffectTests.MaxDifference(inOrder, FitFrom(options, rows, initial)) < 1e-5, "a one-row window must keep the row order");
        options.StreamingShuffleWindow = 8;
        double[] small = FitFrom(options, rows, initial);
        Assert.True(TrainerOptionEffectTests.MaxDifference(inOrder, small) > 1e-2, "an eight-row window must reorder rows");
        options.StreamingShuffleWindow = 30;
        Assert.True(TrainerOptionEffectTests.MaxDifference(small, FitFrom(options, rows, initial)) > 1e-2, "a wider window must shuffle differently");
    }

    [Theory]
    [InlineData(TrainingDataMode.InMemory)]
    [InlineData(TrainingDataMode.Streaming)]
    public void FitWithAnInitialModelStartsFromItsWeights(TrainingDataMode mode)
    {
        List<OptionEffectData.Row> rows = OptionEffectData.Make();
        TwoLayerModelParameters initial = OptionEffectData.InitialModel();
        double[] start = ReferenceTrainer.Weights.From(initial).Flat();
        TwoLayerTrainer.Options options = Sequential(mode);
        options.NumberOfEpochs = 1;
        options.LearningRate = 1e-4f;

        // One tiny step: the result sits on the initial weights (moved by at most lr·|gradient|).
        Assert.True(TrainerOptionEffectTests.MaxDifference(start, FitFrom(options, rows, initial)) < 1e-3);
        // A different initial model gives a different result, and so does a fresh start.
        double[] other = FitFrom(options, rows, OptionEffectData.InitialModel(seed: 4));
        Assert.True(TrainerOptionEffectTests.MaxDifference(start, other) > 0.1);
        var ml = new MLContext(seed: 1);
        double[] fresh = ReferenceTrainer.Weights.From(new TwoLayerTrainer(ml, options).Fit(OptionEffectData.Load(ml, rows)).Model).Flat();
        Assert.True(TrainerOptionEffectTests.MaxDifference(start, fresh) > 0.1);
    }

    [Fact]
    public void InitialModelIsCopiedNotTrainedInPlace()
    {
        List<OptionEffectData.Row> rows = OptionEffectData.Make();
        TwoLayerModelParameters initial = OptionEffectData.InitialModel();
        double[] before = ReferenceTrainer.Weights.From(initial).Flat();
        FitFrom(Sequential(TrainingDataMode.InMemory), rows, initial);
        Assert.Equal(before, ReferenceTrainer.Weights.From(initial).Flat());
    }

    /// <summary>Random labels: a network can memorise its training rows but cannot predict unseen ones.</summary>
    private static List<OptionEffectData.Row> Noise(int rows, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows).Select(r => new OptionEffectData.Row
        {
            Features = Enumerable.Range(0, OptionEffectData.Inputs).Select(_ => (float)random.NextDouble()).ToArray(),
            Label = r % 2,
        }).ToList();
    }

    // These tests compare the trainer with an independent reference of the seed's maths, or count passes
// over the data: they turn StandardizeInputs (its own tests: InputStandardizationTests) off.
public sealed class WideRow
    {
        [VectorType(32)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    [Fact]
    public void ValidationFractionValidatesOnRowsItDidNotTrainOn()
    {
        // 200 rows of 32-feature noise, two classes of 100: a quarter held out is 25 + 25 rows.
        var random = new Random(11);
        var rows = Enumerable.Range(0, 200).Select(r => new WideRow
        {
            Features = Enumerable.Range(0, 32).Select(_ => (float)random.NextDouble()).ToArray(),
            Label = r % 2,
        }).ToList();
        var ml = new MLContext(seed: 1);
        var options = new TwoLayerTrainer.Options
        {
            EnsembleSize = 1,
            StandardizeInputs = false,
            HiddenUnits = 64, NumberOfEpochs = 300, BatchSize = 0, LearningRate = 0.02f, L2Regularization = 0, Patience = 0,
            LearningRateSchedule = LearningRateSchedule.Constant, ValidationFraction = 0.25, Seed = 1, NumberOfThreads = 1,
        };
        TwoLayerTransformer model = new TwoLayerTrainer(ml, options).Fit(ml.Data.LoadFromEnumerable(rows));
        TrainingHistory h = model.History!;

        Assert.Equal(300, h.ValidationAccuracy.Count);
        Assert.All(h.ValidationAccuracy, a => Assert.True(Math.Abs(a * 50 - Math.Round(a * 50)) < 1e-9, $"accuracy {a} is not a count out of 50 held-out rows"));
        // By the last epoch the 150 training rows are memorised; the 50 held-out ones can only be guessed.
        Assert.True(h.TrainingLoss[^1] < 0.3, $"training loss {h.TrainingLoss[^1]:F3}: the training rows must have been learnt");
        Assert.True(h.ValidationAccuracy[^1] <= 0.7, $"validation accuracy {h.ValidationAccuracy[^1]:F3} on noise: the validation rows were trained on");
        Assert.True(h.ValidationLoss[^1] > h.TrainingLoss[^1] + 0.3, $"validation loss {h.ValidationLoss[^1]:F3} vs training loss {h.TrainingLoss[^1]:F3}");
    }

    [Theory]
    [InlineData(TrainingDataMode.InMemory)]
    [InlineData(TrainingDataMode.Streaming)]
    public void ValidationDataDrivesEarlyStoppingAndTheKeptWeights(TrainingDataMode mode)
    {
        // Memorising noise makes the validation loss rise, so the best epoch is an early one.
        List<OptionEffectData.Row> train = Noise(60, 12), validation = Noise(60, 13);
        var ml = new MLContext(seed: 1);
        var options = new TwoLayerTrainer.Options
        {
            EnsembleSize = 1,
            StandardizeInputs = false,
            HiddenUnits = 64, NumberOfEpochs = 300, BatchSize = 0, LearningRate = 0.05f, L2Regularization = 0, Patience = 20,
            LearningRateSchedule = LearningRateSchedule.Constant, Seed = 1, DataMode = mode, NumberOfThreads = 1,
            ExampleWeightColumnName = nameof(OptionEffectData.Row.Weight),
        };
        var random = new Random(5);
        validation.ForEach(r => r.Weight = (float)(0.5 + random.NextDouble()));
        TwoLayerTransformer model = new TwoLayerTrainer(ml, options).Fit(OptionEffectData.Load(ml, train), OptionEffectData.Load(ml, validation));
        TrainingHistory h = model.History!;

        Assert.Equal(StopReason.NoImprovement, h.StopReason);
        Assert.Equal(h.EpochsRun, h.ValidationLoss.Count);
        Assert.True(h.EpochsRun < 300);
        Assert.Equal(h.ValidationLoss.Min(), h.ValidationLoss[h.BestEpoch - 1]);
        Assert.True(h.BestEpoch <= h.EpochsRun - 20);
        // The kept weights are the best epoch's, and the loss was measured on the (weighted) validation rows.
        double keptLoss = ReferenceTrainer.MeanLoss(HiddenActivation.Relu, ReferenceTrainer.Weights.From(model.Model), OptionEffectData.ToReference(validation));
        Tolerance.Close(h.ValidationLoss[h.BestEpoch - 1], keptLoss, 1e-5, 1e-6, "validation loss of the returned model");
    }

    [Fact]
    public void SeedDecidesTheModelAndANullSeedTakesTheContextSeed()
    {
        List<OptionEffectData.Row> rows = OptionEffectData.Make();
        double[] Fit(int contextSeed, int? seed)
        {
            var ml = new MLContext(seed: contextSeed);
            var options = new TwoLayerTrainer.Options { EnsembleSize = 1, StandardizeInputs = false, HiddenUnits = 8, NumberOfEpochs = 3, Seed = seed, NumberOfThreads = 1 };
            return ReferenceTrainer.Weights.From(new TwoLayerTrainer(ml, options).Fit(OptionEffectData.Load(ml, rows)).Model).Flat();
        }
        Assert.Equal(Fit(1, 5), Fit(2, 5));
        Assert.True(TrainerOptionEffectTests.MaxDifference(Fit(1, 5), Fit(1, 6)) > 0.05);
        Assert.Equal(Fit(3, null), Fit(3, null));
        Assert.True(TrainerOptionEffectTests.MaxDifference(Fit(3, null), Fit(4, null)) > 0.05);
    }

    [Theory]
    [InlineData(WeightInitialization.He)]
    [InlineData(WeightInitialization.Glorot)]
    [InlineData(WeightInitialization.ScaledUniform)]
    public void WeightInitializationDrawsFromItsDistribution(WeightInitialization kind)
    {
        const int hidden = 50;
        var ml = new MLContext(seed: 1);
        // One step of 1e-30 leaves every weight as drawn.
        var options = new TwoLayerTrainer.Options
        {
            EnsembleSize = 1,
            StandardizeInputs = false,
            HiddenUnits = hidden, NumberOfEpochs = 1, Optimizer = OptimizerKind.GradientDescent, LearningRate = 1e-30f, BatchSize = 0,
            WeightInitialization = kind, Seed = 1, Patience = 0,
        };
        TwoLayerModelParameters model = new TwoLayerTrainer(ml, options).Fit(OptionEffectData.Load(ml, OptionEffectData.Make())).Model;
        float[] w1 = model.GetHiddenWeights().Cast<float>().ToArray(), w2 = model.GetOutputWeights().Cast<float>().ToArray();
        Assert.All(model.GetHiddenBiases().Concat(model.GetOutputBiases()), b => Assert.True(Math.Abs(b) < 1e-20, "biases start at zero"));
        (double low1, double high1, double low2, double high2) = kind switch
        {
            WeightInitialization.He => (-Math.Sqrt(6.0 / 4), Math.Sqrt(6.0 / 4), -Math.Sqrt(6.0 / hidden), Math.Sqrt(6.0 / hidden)),
            WeightInitialization.Glorot => (-Math.Sqrt(6.0 / (4 + hidden)), Math.Sqrt(6.0 / (4 + hidden)), -Math.Sqrt(6.0 / (hidden + 3)), Math.Sqrt(6.0 / (hidden + 3))),
            _ => (0, 0.01, 0, 0.01),
        };
        AssertUniform(w1, low1, high1, "W1");
        AssertUniform(w2, low2, high2, "W2");
    }

    /// <summary>Inside [low, high), reaching near both ends, mean near the middle: U(low, high), not some other range.</summary>
    private static void AssertUniform(float[] values, double low, double high, string what)
    {
        double width = high - low;
        Assert.All(values, v => Assert.InRange(v, low, high));
        Assert.True(values.Min() < low + 0.1 * width, $"{what}: min {values.Min()} never nears {low}");
        Assert.True(values.Max() > high - 0.1 * width, $"{what}: max {values.Max()} never nears {high}");
        Assert.InRange(values.Average(), low + 0.4 * width, low + 0.6 * width);
    }

    [Fact]
    public void PatienceStopsAfterThatManyEpochsWithoutImprovement()
    {
        var ml = new MLContext(seed: 1);
        TrainingHistory Run(int patience, double tolerance)
        {
            var options = new TwoLayerTrainer.Options
            {
                EnsembleSize = 1,
                StandardizeInputs = false,
                HiddenUnits = 5, NumberOfEpochs = 30, Optimizer = OptimizerKind.GradientDescent, LearningRate = 0.01f, Patience = patience,
                Tolerance = tolerance, LearningRateSchedule = LearningRateSchedule.Constant, Seed = 1,
            };
            return new TwoLayerTrainer(ml, options).Fit(OptionEffectData.Load(ml, OptionEffectData.Make())).History!;
        }
        // No loss beats the best by 1e9: epoch 1 is the only improvement, so patience 3 stops at epoch 4.
        TrainingHistory stopped = Run(3, 1e9);
        Assert.Equal(4, stopped.EpochsRun);
        Assert.Equal(StopReason.NoImprovement, stopped.StopReason);
        Assert.Equal(7, Run(6, 1e9).EpochsRun);
        // Patience 0 never stops; a small step improves every epoch, so tolerance 0 never stops either.
        Assert.Equal(30, Run(0, 1e9).EpochsRun);
        Assert.Equal(StopReason.MaximumEpochsReached, Run(3, 0).StopReason);
    }

    public sealed class RenamedRow
    {
        [VectorType(OptionEffectData.Inputs)]
        public float[] Features { get; set; } = [];

        [VectorType(OptionEffectData.Inputs)]
        public float[] X { get; set; } = [];

        public float Label { get; set; }

        public float Target { get; set; }

        public float Weight { get; set; } = 1;

        public float W { get; set; }
    }

    [Fact]
    public void ColumnNameOptionsPickTheirColumns()
    {
        List<OptionEffectData.Row> rows = OptionEffectData.Make();
        // Decoys under the default names: constant features, one label and unit weights.
        var renamed = rows.Select(r => new RenamedRow { Features = new float[OptionEffectData.Inputs], X = r.Features, Label = 0, Target = r.Label, W = r.Weight }).ToList();
        TwoLayerModelParameters initial = OptionEffectData.InitialModel();
        TwoLayerTrainer.Options options = Sequential(TrainingDataMode.InMemory);
        options.ExampleWeightColumnName = nameof(OptionEffectData.Row.Weight);
        double[] expected = FitFrom(options, rows, initial);

        options.FeatureColumnName = nameof(RenamedRow.X);
        options.LabelColumnName = nameof(RenamedRow.Target);
        options.ExampleWeightColumnName = nameof(RenamedRow.W);
        var ml = new MLContext(seed: 1);
        TwoLayerTransformer model = new TwoLayerTrainer(ml, options).Fit(ml.Data.LoadFromEnumerable(renamed), initial);
        Assert.Equal(expected, ReferenceTrainer.Weights.From(model.Model).Flat());
        // Scoring reads the renamed feature column too.
        var scored = ml.Data.CreateEnumerable<ScoreRow>(model.Transform(ml.Data.LoadFromEnumerable(renamed)), reuseRowObject: false).First();
        var probabilities = new float[OptionEffectData.Classes];
        model.Model.Score(renamed[0].X, probabilities);
        Assert.Equal(probabilities, scored.Score);
    }

    public sealed class ScoreRow
    {
        public float[] Score { get; set; } = [];
    }

    [Fact]
    public void HiddenUnitsSizesTheHiddenLayer()
    {
        var ml = new MLContext(seed: 1);
        var options = new TwoLayerTrainer.Options { EnsembleSize = 1, StandardizeInputs = false, HiddenUnits = 7, NumberOfEpochs = 1, Seed = 1 };
        TwoLayerModelParameters model = new TwoLayerTrainer(ml, options).Fit(OptionEffectData.Load(ml, OptionEffectData.Make())).Model;
        Assert.Equal(7, model.HiddenCount);
        Assert.Equal(new[] { OptionEffectData.Inputs, 7 }, new[] { model.GetHiddenWeights().GetLength(0), model.GetHiddenWeights().GetLength(1) });
        Assert.Equal(7, model.GetOutputWeights().GetLength(0));
    }

    /// <summary>Counts how often ML.NET enumerates it: once per cursor.</summary>
    private sealed class CountingRows(List<OptionEffectData.Row> rows) : IEnumerable<OptionEffectData.Row>
    {
        public int Enumerations { get; private set; }

        public IEnumerator<OptionEffectData.Row> GetEnumerator()
        {
            Enumerations++;
            return rows.GetEnumerator();
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    [Fact]
    public void StreamingReadsTheDataEveryEpochAndInMemoryReadsItOnce()
    {
        int Enumerations(TrainingDataMode mode)
        {
            var ml = new MLContext(seed: 1);
            var source = new CountingRows(OptionEffectData.Make());
            var options = new TwoLayerTrainer.Options { EnsembleSize = 1, StandardizeInputs = false, HiddenUnits = 5, NumberOfEpochs = 5, Patience = 0, Seed = 1, DataMode = mode };
            new TwoLayerTrainer(ml, options).Fit(ml.Data.LoadFromEnumerable(source));
            return source.Enumerations;
        }
        Assert.Equal(1, Enumerations(TrainingDataMode.InMemory));
        Assert.Equal(1 + 5, Enumerations(TrainingDataMode.Streaming)); // one counting pass, then one per epoch
    }

    [Fact]
    public void ProgressHearsEveryEpochWithItsLoss()
    {
        var ml = new MLContext(seed: 1);
        var reports = new List<TrainingProgress>();
        var options = new TwoLayerTrainer.Options { EnsembleSize = 1, StandardizeInputs = false, HiddenUnits = 5, NumberOfEpochs = 4, Patience = 0, Seed = 1, Progress = new SyncProgress(reports.Add) };
        TrainingHistory h = new TwoLayerTrainer(ml, options).Fit(OptionEffectData.Load(ml, OptionEffectData.Make())).History!;
        Assert.Equal([1, 2, 3, 4], reports.Select(r => r.Epoch));
        Assert.All(reports, r => Assert.Equal(4, r.NumberOfEpochs));
        Assert.Equal(h.TrainingLoss, reports.Select(r => r.TrainingLoss));
    }

    internal sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
