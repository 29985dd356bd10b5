using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

public class IrisPipelineTests
{
    public sealed class Prediction
    {
        public float[] Score { get; set; } = [];

        public string PredictedSpecies { get; set; } = "";
    }

    [Fact]
    public void PipelineTrainsEvaluatesAndPredicts()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = IrisData.Load(ml);
        var pipeline = IrisData.Featurize(ml)
            .Append(ml.MulticlassClassification.Trainers.TwoLayer())
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel"));
        var model = pipeline.Fit(data);
        IDataView scored = model.Transform(data);

        MulticlassClassificationMetrics metrics = ml.MulticlassClassification.Evaluate(scored);
        Assert.InRange(metrics.MicroAccuracy, 0.95, 1.0);
        Assert.Equal(3, metrics.ConfusionMatrix.NumberOfClasses);

        var engine = ml.Model.CreatePredictionEngine<IrisData.Flower, Prediction>(model);
        var setosa = engine.Predict(new IrisData.Flower { Measurements = [5.1f, 3.5f, 1.4f, 0.2f] });
        Assert.Equal("setosa", setosa.PredictedSpecies);
        Assert.Equal(3, setosa.Score.Length);
        Assert.InRange(setosa.Score.Sum(), 0.999f, 1.001f);
    }
}
