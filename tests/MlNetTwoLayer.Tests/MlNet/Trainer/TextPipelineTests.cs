using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.MlNet.DataViews;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary>The text pipeline users start from: FeaturizeText → TwoLayer → Evaluate → Save → Load → PredictionEngine.</summary>
public class TextPipelineTests
{
    public sealed class Prediction
    {
        public float[] Score { get; set; } = [];

        public string PredictedTopic { get; set; } = "";
    }

    private static IEstimator<ITransformer> Pipeline(MLContext ml, TwoLayerTrainer.Options options)
        => ml.Transforms.Conversion.MapValueToKey("Label", nameof(TextCorpus.Document.Topic))
            .Append(ml.Transforms.Text.FeaturizeText("Features", nameof(TextCorpus.Document.Text)))
            .Append(ml.MulticlassClassification.Trainers.TwoLayer(options))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedTopic", "PredictedLabel"));

    [Fact]
    public void FeaturizeTextTrainsEvaluatesSavesLoadsAndPredicts()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(TextCorpus.Generate(400, seed: 1));
        IDataView test = ml.Data.LoadFromEnumerable(TextCorpus.Generate(200, seed: 2));
        var options = new TwoLayerTrainer.Options { HiddenUnits = 16, NumberOfEpochs = 8, Seed = 1, NumberOfThreads = 1 };
        ITransformer model = Pipeline(ml, options).Fit(train);

        MulticlassClassificationMetrics metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));
        Assert.InRange(metrics.MicroAccuracy, 0.9, 1.0);

        string path = Path.Combine(Path.GetTempPath(), $"text-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, train.Schema, path);
            var fresh = new MLContext(seed: 2);
            ITransformer loaded = fresh.Model.Load(path, out _);
            var before = ml.Model.CreatePredictionEngine<TextCorpus.Document, Prediction>(model);
            var after = fresh.Model.CreatePredictionEngine<TextCorpus.Document, Prediction>(loaded);
            foreach (TextCorpus.Document doc in TextCorpus.Generate(20, seed: 3))
            {
                Prediction a = before.Predict(doc), b = after.Predict(doc);
                Assert.Equal(a.Score, b.Score);
                Assert.Equal(a.PredictedTopic, b.PredictedTopic);
            }
            Prediction sport = after.Predict(new TextCorpus.Document { Text = "sport1 w1 sport3 w2 w3 sport5" });
            Assert.Equal("sport", sport.PredictedTopic);
            Assert.InRange(sport.Score.Sum(), 0.999f, 1.001f);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FeaturizeTextOutputIsHeldSparseAndScoredSparseLikeDense()
    {
        var ml = new MLContext(seed: 1);
        IDataView featurized = ml.Transforms.Conversion.MapValueToKey("Label", nameof(TextCorpus.Document.Topic))
            .Append(ml.Transforms.Text.FeaturizeText("Features", nameof(TextCorpus.Document.Text)))
            .Fit(ml.Data.LoadFromEnumerable(TextCorpus.Generate(300, seed: 4)))
            .Transform(ml.Data.LoadFromEnumerable(TextCorpus.Generate(300, seed: 4)));
        TrainingDataReadResult read = TrainingDataReader.Read(featurized, "Features", "Label", null, null);
        var sparse = Assert.IsType<SparseDataset>(read.Dataset);
        Assert.True(sparse.StoredValues * 20 < (long)sparse.Rows * sparse.Inputs, $"{sparse.StoredValues} non-zeros of {sparse.Rows} x {sparse.Inputs}");

        // Scoring a sparse row gives what scoring its dense copy gives.
        TwoLayerTransformer model = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { HiddenUnits = 8, NumberOfEpochs = 2, Seed = 1 }).Fit(featurized);
        int slots = sparse.Inputs;
        var denseRows = featurized.GetColumn<VBuffer<float>>("Features").Select(v => new DenseFeatures { Features = v.DenseValues().ToArray() }).ToList();
        Assert.Contains(featurized.GetColumn<VBuffer<float>>("Features"), v => !v.IsDense);
        SchemaDefinition definition = SchemaDefinition.Create(typeof(DenseFeatures));
        definition[nameof(DenseFeatures.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, slots);
        IDataView denseView = ml.Data.LoadFromEnumerable(denseRows, definition);
        float[][] sparseScores = model.Transform(featurized).GetColumn<float[]>("Score").ToArray();
        float[][] denseScores = model.Transform(denseView).GetColumn<float[]>("Score").ToArray();
        Assert.Equal(sparseScores.Length, denseScores.Length);
        for (int i = 0; i < sparseScores.Length; i++)
        {
            Tolerance.AllClose(denseScores[i], sparseScores[i], 1e-5, 1e-6, $"row {i} score");
        }
    }

    public sealed class DenseFeatures
    {
        public float[] Features { get; set; } = [];
    }
}
