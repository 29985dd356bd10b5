using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Onnx;

/// <summary>The binary and regression heads' ONNX tails, scored by ONNX Runtime, against ML.NET's output columns.</summary>
public class OnnxHeadParityTests
{
    [Fact]
    public void BinaryModelGivesScoreProbabilityAndPredictedLabelInOnnxRuntime()
    {
        var ml = new MLContext(seed: 1);
        var rows = TaskData.Binary(200, 31);
        IDataView data = TaskData.Featurize(ml).Fit(ml.Data.LoadFromEnumerable(rows)).Transform(ml.Data.LoadFromEnumerable(rows));
        TwoLayerTransformer transformer = ml.BinaryClassification.Trainers.TwoLayer(new TwoLayerBinaryTrainer.Options { HiddenUnits = 8, NumberOfEpochs = 10, Seed = 1 }).Fit(data);
        IDataView scored = transformer.Transform(data);
        float[] score = scored.GetColumn<float>("Score").ToArray(), probability = scored.GetColumn<float>("Probability").ToArray();
        bool[] predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();

        using var stream = new MemoryStream();
        transformer.ExportToOnnx(stream);
        using var session = new InferenceSession(stream.ToArray());
        using var input = OrtValue.CreateTensorValueFromMemory(rows.SelectMany(r => r.Measurements).ToArray(), [rows.Count, 4]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["features"], [input], ["score", "probability", "predicted_label"]);

        Tolerance.AllClose(score, outputs[0].GetTensorDataAsSpan<float>(), 1e-5, 1e-5, "score");
        Tolerance.AllClose(probability, outputs[1].GetTensorDataAsSpan<float>(), 1e-5, 1e-6, "probability");
        Assert.Equal(predicted, outputs[2].GetTensorDataAsSpan<bool>().ToArray());
        Assert.Contains(true, predicted);
        Assert.Contains(false, predicted);
        Assert.Equal("BinaryClassification", session.ModelMetadata.CustomMetadataMap["task"]);
    }

    [Fact]
    public void RegressionModelUndoesTheLabelScalingInOnnxRuntime()
    {
        var ml = new MLContext(seed: 1);
        var rows = TaskData.Regression(200, 32, offset: 2000, scale: 300);
        IDataView data = TaskData.Featurize(ml).Fit(ml.Data.LoadFromEnumerable(rows)).Transform(ml.Data.LoadFromEnumerable(rows));
        TwoLayerTransformer transformer = ml.Regression.Trainers.TwoLayer(new TwoLayerRegressionTrainer.Options { HiddenUnits = 8, NumberOfEpochs = 10, Seed = 1 }).Fit(data);
        float[] score = transformer.Transform(data).GetColumn<float>("Score").ToArray();

        using var stream = new MemoryStream();
        transformer.ExportToOnnx(stream);
        using var session = new InferenceSession(stream.ToArray());
        using var input = OrtValue.CreateTensorValueFromMemory(rows.SelectMany(r => r.Measurements).ToArray(), [rows.Count, 4]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["features"], [input], ["score"]);

        // Values near 2000: float32 rounding of the affine tail is about 1e-4 of them.
        Tolerance.AllClose(score, outputs[0].GetTensorDataAsSpan<float>(), 1e-6, 1e-3, "score");
        Assert.InRange(score.Average(), 1500, 2500);
    }
}
