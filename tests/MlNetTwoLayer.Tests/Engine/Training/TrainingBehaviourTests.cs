using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Training;

namespace MlNetTwoLayer.Tests.Engine.Training;

public class TrainingBehaviourTests
{
    public sealed class Point
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }

        public float Weight { get; set; } = 1;
    }

    /// <summary>Two overlapping Gaussian classes; <paramref name="flip"/> of the labels swapped.</summary>
    private static List<Point> Blobs(int count, int seed, double flip = 0, double rareFraction = 0.5)
    {
        var random = new SeededRandom(seed);
        var points = new List<Point>();
        for (int i = 0; i < count; i++)
        {
            int label = random.NextDouble() < rareFraction ? 1 : 0;
            float cx = label == 1 ? 0.8f : -0.8f;
            float x = cx + Gaussian(random), y = Gaussian(random);
            if (random.NextDouble() < flip)
            {
                label = 1 - label;
            }
            points.Add(new Point { Features = [x, y], Label = label });
        }
        return points;
    }

    private static float Gaussian(SeededRandom random)
        => (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    [Fact]
    public void EarlyStoppingKeepsTheBestValidationEpoch()
    {
        var ml = new MLContext(seed: 1);
        // A tiny training set and a large network overfit; the validation loss turns up.
        IDataView train = ml.Data.LoadFromEnumerable(Blobs(30, 1, flip: 0.2));
        IDataView validation = ml.Data.LoadFromEnumerable(Blobs(400, 2));
        var options = new TwoLayerTrainer.Options { EnsembleSize = 1, HiddenUnits = 200, LearningRate = 0.05f, NumberOfEpochs = 400, BatchSize = 0, Patience = 25, L2Regularization = 0, Seed = 3 };
        TwoLayerTransformer model = new TwoLayerTrainer(ml, options).Fit(train, validation);
        TrainingHistory h = model.History!;

        Assert.Equal(StopReason.NoImprovement, h.StopReason);
        Assert.True(h.BestEpoch < h.EpochsRun, $"best epoch {h.BestEpoch} of {h.EpochsRun}");
        Assert.Equal(h.EpochsRun, h.ValidationLoss.Count);
        Assert.True(h.ValidationLoss[^1] > h.ValidationLoss[h.BestEpoch - 1], "the validation loss must have got worse after the best epoch");
        Assert.Equal(h.ValidationLoss.Min(), h.ValidationLoss[h.BestEpoch - 1]);

        // The returned weights are the best epoch's: their validation log-loss is the best one, not the last.
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(validation));
        Tolerance.Close(h.ValidationLoss[h.BestEpoch - 1], metrics.LogLoss, 1e-4, 1e-5, "validation log-loss of the returned model");
    }

    [Fact]
    public void ValidationFractionHoldsOutAStratifiedSet()
    {
        var ml = new MLContext(seed: 1);
        var options = new TwoLayerTrainer.Options { EnsembleSize = 1, NumberOfEpochs = 5, ValidationFraction = 0.25, Seed = 1 };
        TwoLayerTransformer model = new TwoLayerTrainer(ml, options).Fit(ml.Data.LoadFromEnumerable(Blobs(200, 4)));
        Assert.Equal(5, model.History!.ValidationAccuracy.Count);
        // Blobs at ±0.8 with unit noise: the best possible accuracy is Φ(0.8) ≈ 0.79 (the model gets
        // 0.74-0.80); the bounds allow for 50 held-out rows, and a model no better than chance (0.5) fails.
        Assert.All(model.History.ValidationAccuracy, a => Assert.InRange(a, 0.65, 0.9));

        var data = new DenseDataset(new float[20], [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], null, 20, 1, 2);
        var (train, validation) = DatasetOperations.StratifiedSplit(data, 0.25, new SeededRandom(1));
        Assert.Equal(2, validation.Labels.Count(l => l == 0));
        Assert.Equal(3, validation.Labels.Count(l => l == 1));
        Assert.Equal(15, train.Rows);
    }

    [Fact]
    public void BalancedClassWeightingRaisesTheRareClassRecall()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(ml.Data.LoadFromEnumerable(Blobs(1000, 5, rareFraction: 0.05)))
            .Transform(ml.Data.LoadFromEnumerable(Blobs(1000, 5, rareFraction: 0.05)));
        double RareRecall(ClassWeighting weighting)
        {
            var options = new TwoLayerTrainer.Options { EnsembleSize = 1, NumberOfEpochs = 30, ClassWeighting = weighting, Seed = 2, HiddenUnits = 16 };
            var metrics = ml.MulticlassClassification.Evaluate(new TwoLayerTrainer(ml, options).Fit(data).Transform(data));
            return metrics.PerClassLogLoss.Count == 2 ? metrics.ConfusionMatrix.PerClassRecall[1] : 0;
        }
        double plain = RareRecall(ClassWeighting.None), balanced = RareRecall(ClassWeighting.Balanced);
        Assert.True(balanced > plain + 0.1, $"recall of the rare class: {plain:F3} unweighted, {balanced:F3} balanced");
        Assert.Equal(new[] { 20f / 38, 20f / 2 }, DatasetOperations.BalancedClassWeights(new DenseDataset(new float[40], Enumerable.Repeat(0, 38).Concat([1, 1]).ToArray(), null, 40, 1, 2)));
    }

    [Fact]
    public void ExampleWeightTwoEqualsTheRowTwice()
    {
        var ml = new MLContext(seed: 1);
        List<Point> points = Blobs(40, 6);
        var weighted = points.Select((p, i) => new Point { Features = p.Features, Label = p.Label, Weight = i == 0 ? 2 : 1 }).ToList();
        var duplicated = points.Prepend(points[0]).ToList();
        TwoLayerTrainer.Options Options(string? weight) => new() { NumberOfEpochs = 20, BatchSize = 0, Optimizer = OptimizerKind.GradientDescent, LearningRate = 0.1f, ExampleWeightColumnName = weight, Seed = 9 };
        var a = new TwoLayerTrainer(ml, Options("Weight")).Fit(ml.Data.LoadFromEnumerable(weighted)).Model;
        var b = new TwoLayerTrainer(ml, Options(null)).Fit(ml.Data.LoadFromEnumerable(duplicated)).Model;
        Tolerance.AllClose(b.GetHiddenWeights().Cast<float>().ToArray(), a.GetHiddenWeights().Cast<float>().ToArray(), 1e-4, 1e-6, "W1");
        Tolerance.AllClose(b.GetOutputBiases(), a.GetOutputBiases(), 1e-4, 1e-6, "b2");
    }

    [Fact]
    public void CancellationAtAnEpochEndStopsBeforeTheNextEpoch()
    {
        var ml = new MLContext(seed: 1);
        using var cancel = new CancellationTokenSource();
        int epochsSeen = 0;
        var options = new TwoLayerTrainer.Options
        {
            EnsembleSize = 1,
            NumberOfEpochs = 1000,
            Patience = 0,
            BatchSize = 8,
            CancellationToken = cancel.Token,
            Progress = new SyncProgress(p => { epochsSeen = p.Epoch; if (p.Epoch == 2) cancel.Cancel(); }),
        };
        Assert.ThrowsAny<OperationCanceledException>(() => new TwoLayerTrainer(ml, options).Fit(ml.Data.LoadFromEnumerable(Blobs(100, 7))));
        Assert.Equal(2, epochsSeen);
    }

    [Fact]
    public void DivergenceIsAnErrorNamingTheEpoch()
    {
        var ml = new MLContext(seed: 1);
        var huge = Blobs(50, 8).Select(p => new Point { Features = [p.Features[0] * 1e18f, p.Features[1] * 1e18f], Label = p.Label }).ToList();
        var options = new TwoLayerTrainer.Options { EnsembleSize = 1, Optimizer = OptimizerKind.GradientDescent, LearningRate = 1e6f, NumberOfEpochs = 50, Seed = 1 };
        var ex = Assert.Throws<TrainingDivergedException>(() => new TwoLayerTrainer(ml, options).Fit(ml.Data.LoadFromEnumerable(huge)));
        Assert.Contains("smaller LearningRate", ex.Message);
        Assert.Contains($"epoch {ex.Epoch}", ex.Message);
    }

    [Fact]
    public void SchedulesChangeTheLearningRate()
    {
        var data = new DenseDataset([0f, 0f, 0f, 0f], [0, 1, 0, 1], null, 4, 1, 2);
        List<TrainingProgress> Run(LearningRateSchedule schedule)
        {
            var reports = new List<TrainingProgress>();
            var settings = new TrainingSettings { HiddenUnits = 2, LearningRate = 0.1f, Epochs = 8, BatchSize = 0, Seed = 1, Schedule = schedule, Optimizer = OptimizerKind.GradientDescent };
            new NetworkTrainer(settings).Train(data, null, null, reports.Add);
            return reports;
        }
        Assert.All(Run(LearningRateSchedule.Constant), r => Assert.Equal(0.1f, r.LearningRate));
        Assert.All(Run(LearningRateSchedule.InverseScaling), r => Tolerance.Close(0.1 / Math.Sqrt(r.Epoch), r.LearningRate, 1e-6, 0));
        // Features are all zero, so the loss sits at log 2 and never improves: the rate drops every 2 epochs.
        float[] plateau = Run(LearningRateSchedule.ReduceOnPlateau).Select(r => r.LearningRate).ToArray();
        Assert.Equal(0.1f, plateau[0]);
        Assert.True(plateau[^1] < 0.1f * 0.2f * 0.2f, string.Join(", ", plateau));
    }

    [Fact]
    public void ProgressShowsTheLearningRateTheScheduleUses()
    {
        var ml = new MLContext(seed: 1);
        // One feature, always 0, and balanced labels: the loss cannot improve, so the plateau schedule
        // cuts the rate every PlateauPatience epochs, and users must see each cut.
        var flat = Enumerable.Range(0, 20).Select(i => new Point { Features = [0f, 0f], Label = i % 2 }).ToList();
        var rates = new List<float>();
        var options = new TwoLayerTrainer.Options
        {
            EnsembleSize = 1,
            HiddenUnits = 2, NumberOfEpochs = 6, BatchSize = 0, Patience = 0, Seed = 1, LearningRate = 0.05f, L2Regularization = 0, // no penalty to shrink: the loss really is flat
            LearningRateSchedule = LearningRateSchedule.ReduceOnPlateau, PlateauPatience = 2, PlateauFactor = 0.5f,
            Progress = new SyncProgress(p => rates.Add(p.LearningRate)),
        };
        new TwoLayerTrainer(ml, options).Fit(ml.Data.LoadFromEnumerable(flat));
        Assert.Equal(6, rates.Count);
        Assert.Equal(0.05f, rates[0]);
        Assert.True(rates[^1] <= 0.05f * 0.5f * 0.5f, string.Join(", ", rates));
    }

    [Fact]
    public void EveryEpochReachesTheMlContextLog()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) => messages.Add(e.Message);
        var options = new TwoLayerTrainer.Options { EnsembleSize = 1, NumberOfEpochs = 3, Patience = 0 };
        new TwoLayerTrainer(ml, options).Fit(ml.Data.LoadFromEnumerable(Blobs(20, 9)));
        for (int epoch = 1; epoch <= 3; epoch++)
        {
            Assert.Contains(messages, m => m.Contains($"Epoch {epoch}/3: training loss", StringComparison.Ordinal));
        }
    }

    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
