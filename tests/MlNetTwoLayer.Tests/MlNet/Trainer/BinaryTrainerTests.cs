using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary><c>BinaryClassification.Trainers.TwoLayer</c> through ML.NET's own binary tooling.</summary>
public class BinaryTrainerTests
{
    private static TwoLayerBinaryTrainer.Options Quick(int seed = 1) => new()
    {
        HiddenUnits = 16,
        NumberOfEpochs = 80,
        // Fast plumbing tests: a larger step than the one-output default, so 80 epochs are plenty.
        LearningRate = 0.01f,
        LearningRateSchedule = LearningRateSchedule.ReduceOnPlateau,
        Seed = seed,
        NumberOfThreads = 1,
    };

    public sealed class Prediction
    {
        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }

    [Fact]
    public void PipelineWorksWithEvaluateCrossValidatePfiAndPredictionEngine()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(TaskData.Binary(600, 1));
        IDataView test = ml.Data.LoadFromEnumerable(TaskData.Binary(300, 2));
        var pipeline = TaskData.Featurize(ml).Append(ml.BinaryClassification.Trainers.TwoLayer(Quick()));

        var model = pipeline.Fit(train);
        IDataView scored = model.Transform(test);
        CalibratedBinaryClassificationMetrics metrics = ml.BinaryClassification.Evaluate(scored);
        Assert.True(metrics.AreaUnderRocCurve > 0.95, $"AUC {metrics.AreaUnderRocCurve}");
        Assert.True(metrics.Accuracy > 0.88, $"accuracy {metrics.Accuracy} AUC {metrics.AreaUnderRocCurve} LL {metrics.LogLoss}");
        Assert.True(metrics.LogLoss < 0.5, $"log-loss {metrics.LogLoss}");

        var folds = ml.BinaryClassification.CrossValidate(train, pipeline, numberOfFolds: 3);
        Assert.Equal(3, folds.Count);
        Assert.All(folds, f => Assert.True(f.Metrics.AreaUnderRocCurve > 0.9, $"fold AUC {f.Metrics.AreaUnderRocCurve}"));

        // Features 0, 1 and 2 carry most of the signal, feature 3 least (its coefficient is the smallest).
        var transformer = model.LastTransformer;
        var importance = ml.BinaryClassification.PermutationFeatureImportance(transformer, model.Transform(test), permutationCount: 1);
        Assert.Equal(4, importance.Length);
        Assert.True(importance[0].AreaUnderRocCurve.Mean < importance[3].AreaUnderRocCurve.Mean, "feature 0 matters more than feature 3");

        var engine = ml.Model.CreatePredictionEngine<TaskData.BinaryRow, Prediction>(model);
        var rows = TaskData.Binary(20, 3);
        float[] scores = scored.GetColumn<float>("Score").Take(20).ToArray();
        float[] viewScores = model.Transform(ml.Data.LoadFromEnumerable(rows)).GetColumn<float>("Score").ToArray();
        for (int i = 0; i < rows.Count; i++)
        {
            Prediction p = engine.Predict(rows[i]);
            Assert.Equal(viewScores[i], p.Score);
            Tolerance.Close(1 / (1 + Math.Exp(-p.Score)), p.Probability, 1e-6, 1e-7, $"row {i} probability = σ(score)");
            Assert.Equal(p.Score > 0, p.PredictedLabel);
        }
        Assert.Equal(20, scores.Length);
    }

    [Fact]
    public void OutputColumnsCarryTheAnnotationsOfACalibratedBinaryTrainer()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(TaskData.Binary(100, 4));
        var trainer = ml.BinaryClassification.Trainers.TwoLayer(Quick());
        DataViewSchema schema = TaskData.Featurize(ml).Append(trainer).Fit(data).Transform(data).Schema;

        Assert.Equal(NumberDataViewType.Single, schema["Score"].Type);
        Assert.Equal(NumberDataViewType.Single, schema["Probability"].Type);
        Assert.Equal(BooleanDataViewType.Instance, schema["PredictedLabel"].Type);
        foreach ((string column, string valueKind) in new[] { ("Score", "Score"), ("Probability", "Probability"), ("PredictedLabel", "PredictedLabel") })
        {
            Assert.Equal("BinaryClassification", Text(schema[column], "ScoreColumnKind"));
            Assert.Equal(valueKind, Text(schema[column], "ScoreValueKind"));
            Assert.NotNull(schema[column].Annotations.Schema.GetColumnOrNull("ScoreColumnSetId"));
        }
        bool normalized = false;
        schema["Probability"].Annotations.GetValue("IsNormalized", ref normalized);
        Assert.True(normalized);

        SchemaShape shape = TaskData.Featurize(ml).Append(trainer).GetOutputSchema(ConformanceTests.SchemaShapeOf(data.Schema));
        SchemaShape.Column probability = shape.Single(c => c.Name == "Probability");
        Assert.Contains(probability.Annotations, a => a.Name == "IsNormalized");
        SchemaShape.Column predicted = shape.Single(c => c.Name == "PredictedLabel");
        Assert.Equal(BooleanDataViewType.Instance, predicted.ItemType);
    }

    [Fact]
    public void NonBooleanLabelIsAClearErrorAtGetOutputSchemaAndFit()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(TaskData.Regression(50, 1));
        var pipeline = TaskData.Featurize(ml).Append(ml.BinaryClassification.Trainers.TwoLayer(Quick()));

        var shapeError = Assert.Throws<ArgumentOutOfRangeException>(() => pipeline.GetOutputSchema(ConformanceTests.SchemaShapeOf(data.Schema)));
        Assert.Contains("Label column 'Label'", shapeError.Message);
        Assert.Contains("Boolean", shapeError.Message);
        var fitError = Assert.Throws<ArgumentOutOfRangeException>(() => pipeline.Fit(data));
        Assert.Contains("needs a Boolean label", fitError.Message);
    }

    [Fact]
    public void AllRowsOfOneValueIsAClearError()
    {
        var ml = new MLContext(seed: 1);
        var rows = TaskData.Binary(50, 1);
        rows.ForEach(r => r.Label = true);
        var error = Assert.Throws<ArgumentException>(() => TaskData.Featurize(ml).Append(ml.BinaryClassification.Trainers.TwoLayer(Quick())).Fit(ml.Data.LoadFromEnumerable(rows)));
        Assert.Contains("true on every usable row", error.Message);
    }

    [Fact]
    public void BalancedClassWeightingRaisesRecallOfTheRareClass()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(TaskData.Binary(600, 5, positiveFraction: 0.08));
        IDataView test = ml.Data.LoadFromEnumerable(TaskData.Binary(600, 6, positiveFraction: 0.08));
        double Recall(TwoLayerBinaryTrainer.Options o)
            => ml.BinaryClassification.Evaluate(TaskData.Featurize(ml).Append(ml.BinaryClassification.Trainers.TwoLayer(o)).Fit(train).Transform(test)).PositiveRecall;

        var plain = Quick().With(o => { o.NumberOfEpochs = 10; });
        double none = Recall(plain);
        double balanced = Recall(plain.With(o => { o.ClassWeighting = ClassWeighting.Balanced; }));
        double explicitWeights = Recall(plain.With(o => { o.ClassWeights = [1f, 12f]; }));

        Assert.True(balanced > none + 0.05, $"balanced recall {balanced} vs unweighted {none}");
        Assert.True(explicitWeights > none + 0.05, $"ClassWeights recall {explicitWeights} vs unweighted {none}");
    }

    [Fact]
    public void ClassWeightsOfTheWrongLengthNameTheOption()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(TaskData.Binary(50, 1));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            TaskData.Featurize(ml).Append(ml.BinaryClassification.Trainers.TwoLayer(Quick().With(o => { o.ClassWeights = [1f, 2f, 3f]; }))).Fit(data));
        Assert.Contains("TwoLayerBinaryTrainer.Options.ClassWeights has 3 weights", error.Message);
    }

    [Fact]
    public void SameSeedGivesTheSameModelWhateverTheThreadCountInMemoryAndStreaming()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = TaskData.Featurize(ml).Fit(ml.Data.LoadFromEnumerable(TaskData.Binary(300, 7))).Transform(ml.Data.LoadFromEnumerable(TaskData.Binary(300, 7)));
        float[] Weights(TwoLayerBinaryTrainer.Options o) => ml.BinaryClassification.Trainers.TwoLayer(o).Fit(data).Model.GetOutputWeights().Cast<float>().ToArray();

        var options = Quick(seed: 9).With(o => { o.NumberOfEpochs = 5; });
        Assert.Equal(Weights(options), Weights(options.With(o => { o.NumberOfThreads = 2; })));
        var streaming = options.With(o => { o.DataMode = TrainingDataMode.Streaming; });
        Assert.Equal(Weights(streaming), Weights(streaming.With(o => { o.NumberOfThreads = 2; })));
        Assert.NotEqual(Weights(options), Weights(options.With(o => { o.Seed = 10; })));
    }

    [Fact]
    public void ModelSaveAndLoadRoundTripsTheBinaryHead()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(TaskData.Binary(200, 8));
        ITransformer model = TaskData.Featurize(ml).Append(ml.BinaryClassification.Trainers.TwoLayer(Quick().With(o => { o.NumberOfEpochs = 5; }))).Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;

        ITransformer loaded = new MLContext(seed: 2).Model.Load(stream, out _);

        Assert.Equal(model.Transform(data).GetColumn<float>("Probability").ToArray(), loaded.Transform(data).GetColumn<float>("Probability").ToArray());
        Assert.Equal(model.Transform(data).GetColumn<bool>("PredictedLabel").ToArray(), loaded.Transform(data).GetColumn<bool>("PredictedLabel").ToArray());
        var net = Assert.IsAssignableFrom<TwoLayerTransformer>(((TransformerChain<ITransformer>)loaded).LastTransformer);
        Assert.Equal(TwoLayerTask.BinaryClassification, net.Model.Task);
        Assert.Empty(net.Model.ClassNames);
    }

    private static string Text(DataViewSchema.Column column, string kind)
    {
        ReadOnlyMemory<char> value = default;
        column.Annotations.GetValue(kind, ref value);
        return value.ToString();
    }

    [Fact]
    public void TheOneOutputTrainersStartFromTheirOwnLearningRateScheduleAndL2AndShareTheRest()
    {
        var binary = new TwoLayerBinaryTrainer.Options();
        var regression = new TwoLayerRegressionTrainer.Options();
        var multiclass = new TwoLayerTrainer.Options();
        foreach (TwoLayerOptionsBase o in new TwoLayerOptionsBase[] { binary, regression })
        {
            Assert.Equal(0.001f, o.LearningRate);
            Assert.Equal(LearningRateSchedule.Constant, o.LearningRateSchedule);
            Assert.Equal(1e-2f, o.L2Regularization);
            Assert.Equal(0f, o.L2RowsPerWeight); // their λ does not shrink with the rows (not measured for them)
            Assert.Equal(multiclass.HiddenUnits, o.HiddenUnits);
            Assert.Equal(multiclass.BatchSize, o.BatchSize);
            Assert.Equal(multiclass.Patience, o.Patience);
        }
        Assert.Equal(TwoLayerOptionsBase.Defaults.LearningRate, multiclass.LearningRate);
        Assert.Equal(TwoLayerOptionsBase.Defaults.LearningRateSchedule, multiclass.LearningRateSchedule);
        Assert.Equal(TwoLayerOptionsBase.Defaults.L2Regularization, multiclass.L2Regularization);
        Assert.Equal(1f, multiclass.L2RowsPerWeight); // docs/defaults.md, "L2 and the data size"
        Assert.Equal(TwoLayerOptionsBase.Defaults.L2RowsPerWeight, multiclass.L2RowsPerWeight);
        Assert.NotEqual(multiclass.L2Regularization, binary.L2Regularization);
    }
}
