using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using MlNetTwoLayer.Tests.Helpers;

namespace MlNetTwoLayer.Tests.MlNet.Onnx;

/// <summary>Briefly trained digits models and an ONNX Runtime scoring helper shared by the export tests.</summary>
internal static class OnnxTestModels
{
    public const int DigitFeatures = 64;

    public sealed class FeatureRow
    {
        [VectorType(DigitFeatures)]
        public float[] Features { get; set; } = [];
    }

    /// <summary>All 1797 digits, normalised, and a network trained on them for a few epochs.</summary>
    public static (TwoLayerTransformer Model, float[][] Features) TrainDigits(HiddenActivation activation)
    {
        var ml = new MLContext(seed: 1);
        IDataView data = DigitsData.LoadFeaturized(ml);
        var trainer = ml.MulticlassClassification.Trainers.TwoLayer(new TwoLayerTrainer.Options
        {
            HiddenUnits = 32,
            NumberOfEpochs = 5,
            HiddenActivation = activation,
            Seed = 1,
        });
        TwoLayerTransformer model = trainer.Fit(data);
        float[][] features = ml.Data.CreateEnumerable<FeatureRow>(data, reuseRowObject: false).Select(r => r.Features).ToArray();
        return (model, features);
    }

    /// <summary>Our own probabilities, one row per feature vector, flattened.</summary>
    public static float[] ScoreOurs(TwoLayerModelParameters model, float[][] features)
    {
        var result = new float[features.Length * model.ClassCount];
        for (int i = 0; i < features.Length; i++)
        {
            model.Score(features[i], result.AsSpan(i * model.ClassCount, model.ClassCount));
        }
        return result;
    }

    /// <summary>ONNX Runtime's probabilities (flattened) and predicted classes for all rows in one batch.</summary>
    public static (float[] Probabilities, long[] Predicted) ScoreWithOnnxRuntime(byte[] onnx, float[][] features)
    {
        int columns = features[0].Length;
        float[] flat = features.SelectMany(f => f).ToArray();
        using var session = new InferenceSession(onnx);
        using var input = OrtValue.CreateTensorValueFromMemory(flat, [features.Length, columns]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["features"], [input], ["probabilities", "predicted_class"]);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[1].GetTensorDataAsSpan<long>().ToArray());
    }

    public static byte[] Export(TwoLayerModelParameters model)
    {
        using var stream = new MemoryStream();
        model.ExportToOnnx(stream);
        return stream.ToArray();
    }

    public static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }
        return best;
    }
}
