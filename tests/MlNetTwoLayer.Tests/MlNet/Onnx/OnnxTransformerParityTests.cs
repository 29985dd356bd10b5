using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;
using Xunit.Abstractions;

namespace MlNetTwoLayer.Tests.MlNet.Onnx;

/// <summary>ML.NET's own ApplyOnnxModel, reading the exported file, scores the digits as our transformer does.</summary>
public class OnnxTransformerParityTests(ITestOutputHelper output)
{
    private sealed class OnnxInput
    {
        [ColumnName("features"), VectorType(OnnxTestModels.DigitFeatures)]
        public float[] Features { get; set; } = [];
    }

    private sealed class OnnxOutput
    {
        [ColumnName("probabilities")]
        public float[] Probabilities { get; set; } = [];
    }

    [Fact]
    public void ApplyOnnxModelMatchesOurScoresOnDigits()
    {
        var (transformer, features) = OnnxTestModels.TrainDigits(HiddenActivation.Relu);
        string path = Path.Combine(Path.GetTempPath(), $"digits-mlnet-{Guid.NewGuid():N}.onnx");
        try
        {
            transformer.ExportToOnnx(path);
            var ml = new MLContext(seed: 1);
            IDataView input = ml.Data.LoadFromEnumerable(features.Select(f => new OnnxInput { Features = f }));
            var onnx = ml.Transforms.ApplyOnnxModel(["probabilities"], ["features"], path).Fit(input);
            using (onnx)
            {
                float[][] scored = ml.Data.CreateEnumerable<OnnxOutput>(onnx.Transform(input), reuseRowObject: false)
                    .Select(r => r.Probabilities).ToArray();
                float[] ours = OnnxTestModels.ScoreOurs(transformer.Model, features);

                Assert.Equal(features.Length, scored.Length);
                double maxDifference = 0;
                for (int row = 0; row < scored.Length; row++)
                {
                    Assert.Equal(transformer.Model.ClassCount, scored[row].Length);
                    for (int c = 0; c < scored[row].Length; c++)
                    {
                        maxDifference = Math.Max(maxDifference, Math.Abs(ours[row * scored[row].Length + c] - scored[row][c]));
                    }
                }
                output.WriteLine($"max |ours - ApplyOnnxModel| = {maxDifference:E2} over {scored.Length} rows");
                Assert.InRange(maxDifference, 0, 1e-5);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
