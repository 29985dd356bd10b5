using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Tests.MlNet.Onnx;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary>Sparse VBuffer rows get the same handling as dense rows: NaN skipped or scored NaN, bad indices refused clearly.</summary>
public class SparseInputTests
{
    // Wider than DatasetLayout.DenseWhenStandardizingUpToInputs, so the rows are held sparse with the defaults.
    private const int Slots = 2000;

    public sealed class Row
    {
        [VectorType(Slots)]
        public VBuffer<float> Features { get; set; }

        public float Label { get; set; }
    }

    public sealed class Output
    {
        public float[] Score { get; set; } = [];

        public uint PredictedLabel { get; set; }
    }

    private static Row Sparse(float label, params (int Index, float Value)[] entries)
    {
        // VBuffer wants increasing indices (ML.NET's own densification relies on it).
        entries = entries.OrderBy(e => e.Index).ToArray();
        return new() { Features = new VBuffer<float>(Slots, entries.Length, entries.Select(e => e.Value).ToArray(), entries.Select(e => e.Index).ToArray()), Label = label };
    }

    private static List<Row> Good() => Enumerable.Range(0, 40).Select(i => Sparse(i % 2, (i % 2 == 0 ? 10 : 900, 1f), (100 + i, 0.5f))).ToList();

    [Fact]
    public void SparseRowsWithNaNAreSkippedAndLoggedLikeDenseRows()
    {
        var ml = new MLContext(seed: 1);
        var log = new List<string>();
        ml.Log += (_, e) => log.Add(e.Message);
        List<Row> rows = Good();
        rows.Add(Sparse(1, (5, float.NaN)));
        rows.Add(Sparse(0, (7, 1f), (8, float.PositiveInfinity)));
        TwoLayerTransformer model = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { NumberOfEpochs = 3, HiddenUnits = 4, Seed = 1 }).Fit(ml.Data.LoadFromEnumerable(rows));
        Assert.Contains(log, m => m.Contains("Skipped 2 of 42 rows: 2 with NaN or infinite values in 'Features'", StringComparison.Ordinal));
        Assert.Contains(log, m => m.Contains("sparse", StringComparison.Ordinal));

        var engine = ml.Model.CreatePredictionEngine<Row, Output>(model);
        Output nan = engine.Predict(Sparse(0, (3, float.NaN)));
        Assert.All(nan.Score, s => Assert.True(float.IsNaN(s)));
        Assert.Equal(0u, nan.PredictedLabel);
        Assert.Equal(1u, engine.Predict(Sparse(0, (10, 1f))).PredictedLabel);
        Assert.Equal(2u, engine.Predict(Sparse(0, (900, 1f))).PredictedLabel);
    }

    [Fact]
    public void SparseIndexOutOfRangeIsAClearErrorInTrainingStreamingAndScoring()
    {
        var ml = new MLContext(seed: 1);
        List<Row> rows = Good();
        rows.Add(Sparse(1, (3, 1f), (Slots + 5, 1f)));
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        foreach (TrainingDataMode mode in new[] { TrainingDataMode.InMemory, TrainingDataMode.Streaming })
        {
            var trainer = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { NumberOfEpochs = 1, DataMode = mode });
            var ex = Assert.Throws<InvalidOperationException>(() => trainer.Fit(data));
            Assert.Contains("Row 40 of feature column 'Features'", ex.Message);
            Assert.Contains($"index {Slots + 5}", ex.Message);
        }

        TwoLayerTransformer model = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { NumberOfEpochs = 1, HiddenUnits = 4 }).Fit(ml.Data.LoadFromEnumerable(Good()));
        var engine = ml.Model.CreatePredictionEngine<Row, Output>(model);
        var scoring = Assert.Throws<InvalidOperationException>(() => engine.Predict(Sparse(0, (-1, 1f))));
        Assert.Contains("index -1", scoring.Message);
    }

    [Fact]
    public void StreamingSparseRowsLearnLikeInMemory()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Good());
        var log = new List<string>();
        ml.Log += (_, e) => log.Add(e.Message);
        foreach (TrainingDataMode mode in new[] { TrainingDataMode.InMemory, TrainingDataMode.Streaming })
        {
            TwoLayerTransformer model = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { NumberOfEpochs = 10, HiddenUnits = 4, Seed = 1, DataMode = mode }).Fit(data);
            Assert.Equal(1.0, ml.MulticlassClassification.Evaluate(model.Transform(data)).MicroAccuracy);
        }
        Assert.Contains(log, m => m.Contains("(Streaming, sparse", StringComparison.Ordinal));
    }

    public sealed class WideRow
    {
        [VectorType(100_000)]
        public VBuffer<float> Features { get; set; }

        public float Label { get; set; }
    }

    [Fact]
    public void WideInputDefaultsShrinkTheHiddenLayerAndStopEarlyUnlessTurnedOffOrSet()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 60).Select(i => new WideRow
        {
            Features = new VBuffer<float>(100_000, 2, [1f, 0.5f], [i % 2 == 0 ? 10 : 99_000, 1000 + i]),
            Label = i % 2,
        }).ToList();
        IDataView data = ml.Data.LoadFromEnumerable(rows);

        TwoLayerTransformer wide = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { Seed = 1 }).Fit(data);
        Assert.Equal(16, wide.Model.HiddenCount);
        Assert.InRange(wide.History!.EpochsRun, 1, 10);
        Assert.NotEmpty(wide.History.ValidationLoss); // the 10% hold-out

        TwoLayerTransformer ordinary = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { Seed = 1, WideInputDefaults = false, NumberOfEpochs = 2, EnsembleSize = 1 }).Fit(data);
        Assert.Equal(100, ordinary.Model.HiddenCount);
        Assert.Empty(ordinary.History!.ValidationLoss);

        TwoLayerTransformer chosen = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { Seed = 1, HiddenUnits = 24, NumberOfEpochs = 3 }).Fit(data);
        Assert.Equal(24, chosen.Model.HiddenCount);
        Assert.Equal(3, chosen.History!.EpochsRun);

        // The wide learning rate and L2 are the ones used: setting them to those values trains the
        // same model, and setting either to something else (the ordinary defaults' values are
        // indistinguishable from "not set") trains another.
        TwoLayerTransformer spelled = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options
        {
            Seed = 1, HiddenUnits = 16, NumberOfEpochs = 10, Patience = 2, ValidationFraction = 0.1,
            LearningRate = 0.001f, L2Regularization = 1e-5f,
        }).Fit(data);
        Assert.Equal(wide.Model.GetHiddenWeights(), spelled.Model.GetHiddenWeights());
        Assert.Equal(wide.Model.GetOutputWeights(), spelled.Model.GetOutputWeights());
        TwoLayerTransformer otherRate = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { Seed = 1, LearningRate = 0.004f }).Fit(data);
        Assert.NotEqual(wide.Model.GetOutputWeights(), otherRate.Model.GetOutputWeights());
        TwoLayerTransformer otherL2 = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { Seed = 1, L2Regularization = 1e-2f }).Fit(data);
        Assert.NotEqual(wide.Model.GetOutputWeights(), otherL2.Model.GetOutputWeights());
    }

    public sealed class WideBinaryRow
    {
        [VectorType(100_000)]
        public VBuffer<float> Features { get; set; }

        public bool Label { get; set; }
    }

    [Fact]
    public void TheBinaryTrainerGetsTheWideLearningRateAndL2InPlaceOfItsOwnDefaults()
    {
        // The one-output trainers' own defaults (L2 1e-2) count as "not set" too: on wide text they
        // left the model below the majority class (docs/sparse.md).
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 60).Select(i => new WideBinaryRow
        {
            Features = new VBuffer<float>(100_000, 2, [1f, 0.5f], [i % 2 == 0 ? 10 : 99_000, 1000 + i]),
            Label = i % 2 == 0,
        }).ToList());
        TwoLayerTransformer wide = ml.BinaryClassification.Trainers.TwoLayer(new TwoLayerBinaryTrainer.Options { Seed = 1 }).Fit(data);
        Assert.Equal(16, wide.Model.HiddenCount);
        TwoLayerTransformer spelled = ml.BinaryClassification.Trainers.TwoLayer(new TwoLayerBinaryTrainer.Options
        {
            Seed = 1, HiddenUnits = 16, NumberOfEpochs = 10, Patience = 2, ValidationFraction = 0.1,
            LearningRate = 0.001f, L2Regularization = 1e-5f,
        }).Fit(data);
        Assert.Equal(wide.Model.GetHiddenWeights(), spelled.Model.GetHiddenWeights());
        Assert.Equal(wide.Model.GetOutputWeights(), spelled.Model.GetOutputWeights());
        TwoLayerTransformer otherL2 = ml.BinaryClassification.Trainers.TwoLayer(new TwoLayerBinaryTrainer.Options { Seed = 1, L2Regularization = 3e-3f }).Fit(data);
        Assert.NotEqual(wide.Model.GetOutputWeights(), otherL2.Model.GetOutputWeights());
    }

    [Fact]
    public void ASparseTrainedModelExportsToOnnxWithADenseInputThatScoresAlike()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Good());
        TwoLayerTransformer model = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { NumberOfEpochs = 5, HiddenUnits = 6, Seed = 1 }).Fit(data);
        // The ONNX graph takes dense [N, inputs] features (docs/onnx.md): give it the rows densified.
        float[][] dense = Good().Select(r => r.Features.DenseValues().ToArray()).ToArray();
        var (probabilities, _) = OnnxTestModels.ScoreWithOnnxRuntime(OnnxTestModels.Export(model.Model), dense);
        float[][] ours = model.Transform(data).GetColumn<float[]>("Score").ToArray();
        for (int r = 0; r < ours.Length; r++)
        {
            for (int k = 0; k < ours[r].Length; k++)
            {
                Assert.InRange(Math.Abs(ours[r][k] - probabilities[r * ours[r].Length + k]), 0, 1e-5);
            }
        }
    }
}
