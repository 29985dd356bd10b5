using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;
using static MlNetTwoLayer.Tests.MlNet.SampleParity.SampleData;

namespace MlNetTwoLayer.Tests.MlNet.SampleParity;

/// <summary>
/// The pipeline of machinelearning-samples MulticlassClassification_Iris with only the trainer swapped:
/// a float label mapped to a key named "KeyColumn", Concatenate + AppendCacheCheckpoint, the trainer on
/// "KeyColumn", MapKeyToValue back into "Label", Evaluate(predictions, "Label", "Score") on the float label,
/// Model.Save / Model.Load and a PredictionEngine reading only Score.
/// (Its last step, GetKeyValues(ref VBuffer&lt;float&gt;) on PredictedLabel, is in /work/notes/samplecheck-tests.)
/// </summary>
public class IrisSamplePatternTests
{
    private static IEstimator<ITransformer> SamplePipeline(MLContext ml)
        => ml.Transforms.Conversion.MapValueToKey(outputColumnName: "KeyColumn", inputColumnName: nameof(FlowerRow.Label))
            .Append(ml.Transforms.Concatenate("Features", nameof(FlowerRow.SepalLength), nameof(FlowerRow.SepalWidth), nameof(FlowerRow.PetalLength), nameof(FlowerRow.PetalWidth))
                .AppendCacheCheckpoint(ml))
            .Append(ml.MulticlassClassification.Trainers.TwoLayer(labelColumnName: "KeyColumn", featureColumnName: "Features", hiddenUnits: 8, numberOfEpochs: 40)
                .Append(ml.Transforms.Conversion.MapKeyToValue(outputColumnName: nameof(FlowerRow.Label), inputColumnName: "KeyColumn")));

    [Fact]
    public void EvaluateOnTheFloatLabelAfterMapKeyToValueWorks()
    {
        var ml = new MLContext(seed: 0);
        IDataView data = ml.Data.LoadFromEnumerable(Flowers());
        ITransformer model = SamplePipeline(ml).Fit(data);
        IDataView predictions = model.Transform(data);

        Assert.Equal(NumberDataViewType.Single, predictions.Schema["Label"].Type);
        MulticlassClassificationMetrics metrics = ml.MulticlassClassification.Evaluate(predictions, "Label", "Score");

        Assert.InRange(metrics.MicroAccuracy, 0.95, 1.0);
        Assert.Equal(3, metrics.PerClassLogLoss.Count);
    }

    [Fact]
    public void SavedAndLoadedSampleModelScoresLikeTheFittedOneThroughAPredictionEngine()
    {
        var ml = new MLContext(seed: 0);
        IDataView data = ml.Data.LoadFromEnumerable(Flowers());
        ITransformer model = SamplePipeline(ml).Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        ITransformer loaded = ml.Model.Load(stream, out DataViewSchema inputSchema);

        Assert.Equal(data.Schema.Select(c => c.Name), inputSchema.Select(c => c.Name));
        var fresh = ml.Model.CreatePredictionEngine<FlowerRow, ScoreOnly>(model);
        var reloaded = ml.Model.CreatePredictionEngine<FlowerRow, ScoreOnly>(loaded);
        // The sample's hand-written rows carry no label (Label = 0 is a valid class there, as in the sample).
        var virginica = new FlowerRow { SepalLength = 6.0f, SepalWidth = 3.4f, PetalLength = 6.1f, PetalWidth = 2.0f };
        float[] score = reloaded.Predict(virginica).Score;

        Assert.Equal(fresh.Predict(virginica).Score, score);
        Assert.Equal(3, score.Length);
        Assert.Equal(1.0, score.Sum(), 4);
        // The sample's row lies far outside these generated flowers (sepal length 6.0 against 5.0-5.3,
        // sepal width 3.4 against 2.7-3.0: 5 to 8 standard deviations), so its class is extrapolation
        // (the default seed ensemble calls it class 1); the class is checked on a row like class 2's.
        var typical = new FlowerRow { SepalLength = 5.1f, SepalWidth = 2.9f, PetalLength = 5.6f, PetalWidth = 1.9f };
        float[] typicalScore = reloaded.Predict(typical).Score;
        Assert.Equal(fresh.Predict(typical).Score, typicalScore);
        Assert.Equal(2, Array.IndexOf(typicalScore, typicalScore.Max()));
    }
}
