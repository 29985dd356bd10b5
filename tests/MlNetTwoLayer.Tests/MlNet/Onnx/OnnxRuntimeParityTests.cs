using Xunit;
using Xunit.Abstractions;

namespace MlNetTwoLayer.Tests.MlNet.Onnx;

/// <summary>
/// The exported file, scored by ONNX Runtime on all 1797 digits, gives our probabilities within
/// 1e-5 and our argmax, for every hidden activation.
/// </summary>
public class OnnxRuntimeParityTests(ITestOutputHelper output)
{
    private const double MaxProbabilityDifference = 1e-5;

    [Theory]
    [InlineData(HiddenActivation.Relu)]
    [InlineData(HiddenActivation.LeakyRelu)]
    [InlineData(HiddenActivation.Tanh)]
    [InlineData(HiddenActivation.Sigmoid)]
    public void OnnxRuntimeMatchesOurScoresOnDigits(HiddenActivation activation)
    {
        var (transformer, features) = OnnxTestModels.TrainDigits(activation);
        TwoLayerModelParameters model = transformer.Model;
        string path = Path.Combine(Path.GetTempPath(), $"digits-{activation}-{Guid.NewGuid():N}.onnx");
        try
        {
            transformer.ExportToOnnx(path);
            var (probabilities, predicted) = OnnxTestModels.ScoreWithOnnxRuntime(File.ReadAllBytes(path), features);
            float[] ours = OnnxTestModels.ScoreOurs(model, features);

            Assert.Equal(ours.Length, probabilities.Length);
            Assert.Equal(features.Length, predicted.Length);
            double maxDifference = 0;
            for (int i = 0; i < ours.Length; i++)
            {
                maxDifference = Math.Max(maxDifference, Math.Abs(ours[i] - probabilities[i]));
            }
            output.WriteLine($"{activation}: max |ours - onnxruntime| = {maxDifference:E2} over {features.Length} rows");
            Assert.InRange(maxDifference, 0, MaxProbabilityDifference);
            // A model that predicts every digit guards against a degenerate graph agreeing trivially.
            Assert.Equal(model.ClassCount, predicted.Distinct().Count());
            for (int row = 0; row < features.Length; row++)
            {
                int expected = OnnxTestModels.ArgMax(ours.AsSpan(row * model.ClassCount, model.ClassCount));
                Assert.True(expected == predicted[row], $"row {row}: our argmax {expected}, ONNX predicted_class {predicted[row]}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
