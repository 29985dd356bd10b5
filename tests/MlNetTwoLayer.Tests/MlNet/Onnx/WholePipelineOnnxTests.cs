using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;
using Xunit.Abstractions;

namespace MlNetTwoLayer.Tests.MlNet.Onnx;

/// <summary>
/// Issue 14: <c>mlContext.Model.ConvertToOnnx</c> on a whole pipeline holding TwoLayer includes the
/// network (normaliser and key mappings around it too): ONNX Runtime and ML.NET's ApplyOnnxModel on
/// the exported graph give ML.NET's Score and PredictedLabel within 1e-5, on real data.
/// </summary>
public class WholePipelineOnnxTests(ITestOutputHelper output)
{
    private static ITransformer TrainIris(MLContext ml, IDataView data, HiddenActivation activation)
        => IrisData.Featurize(ml)
            .Append(ml.MulticlassClassification.Trainers.TwoLayer(new TwoLayerTrainer.Options { HiddenUnits = 12, NumberOfEpochs = 80, HiddenActivation = activation, Seed = 1, NumberOfThreads = 1 }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel"))
            .Fit(data);

    private static byte[] Convert(MLContext ml, ITransformer model, IDataView data)
    {
        using var stream = new MemoryStream();
        ml.Model.ConvertToOnnx(model, data, stream);
        return stream.ToArray();
    }

    [Theory]
    [InlineData(HiddenActivation.Relu)]
    [InlineData(HiddenActivation.LeakyRelu)]
    [InlineData(HiddenActivation.Tanh)]
    [InlineData(HiddenActivation.Sigmoid)]
    public void OnnxRuntimeOnTheWholePipelineMatchesTransform(HiddenActivation activation)
    {
        var ml = new MLContext(seed: 1);
        List<IrisData.Flower> rows = IrisData.Rows();
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        ITransformer model = TrainIris(ml, data, activation);
        byte[] onnx = Convert(ml, model, data);
        IDataView scored = model.Transform(data);
        float[][] expectedScores = scored.GetColumn<float[]>("Score").ToArray();
        uint[] expectedKeys = scored.GetColumn<uint>("PredictedLabel").ToArray();
        string[] expectedSpecies = scored.GetColumn<string>("PredictedSpecies").ToArray();

        using var session = new InferenceSession(onnx);
        Assert.Contains("Score.output", session.OutputMetadata.Keys);
        var measurements = new DenseTensor<float>(rows.SelectMany(r => r.Measurements).ToArray(), [rows.Count, 4]);
        var species = new DenseTensor<string>(rows.Select(r => r.Species).ToArray(), [rows.Count, 1]);
        using var results = session.Run([
            NamedOnnxValue.CreateFromTensor("Measurements", measurements), NamedOnnxValue.CreateFromTensor("Species", species)]);
        float[] scores = results.Single(r => r.Name == "Score.output").AsEnumerable<float>().ToArray();
        uint[] keys = results.Single(r => r.Name == "PredictedLabel.output").AsEnumerable<uint>().ToArray();
        string[] predictedSpecies = results.Single(r => r.Name == "PredictedSpecies.output").AsEnumerable<string>().ToArray();

        double maxDifference = 0;
        for (int row = 0; row < rows.Count; row++)
        {
            for (int c = 0; c < 3; c++)
            {
                maxDifference = Math.Max(maxDifference, Math.Abs(expectedScores[row][c] - scores[row * 3 + c]));
            }
        }
        output.WriteLine($"{activation}: max |Transform - ONNX Runtime| = {maxDifference:E2} over {rows.Count} rows");
        Assert.InRange(maxDifference, 0, 1e-5);
        Assert.Equal(expectedKeys, keys);
        Assert.Equal(expectedSpecies, predictedSpecies);
    }

    public sealed class Scored
    {
        // ApplyOnnxModel names its columns after the graph outputs without the converter's ".output".
        [VectorType(1, 3)]
        public float[] Score { get; set; } = [];

        [VectorType(1, 1)]
        public uint[] PredictedLabel { get; set; } = [];
    }

    [Fact]
    public void ApplyOnnxModelOnTheWholePipelineMatchesTransform()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = IrisData.Load(ml);
        ITransformer model = TrainIris(ml, data, HiddenActivation.Relu);
        string path = Path.Combine(Path.GetTempPath(), $"tlnn-pipeline-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, Convert(ml, model, data));
        try
        {
            using var onnx = ml.Transforms.ApplyOnnxModel(["Score.output", "PredictedLabel.output"], ["Measurements", "Species"], path).Fit(data);
            IDataView applied = onnx.Transform(data);
            Scored[] viaOnnx = ml.Data.CreateEnumerable<Scored>(applied, reuseRowObject: false).ToArray();
            IDataView scored = model.Transform(data);
            float[][] expected = scored.GetColumn<float[]>("Score").ToArray();
            uint[] keys = scored.GetColumn<uint>("PredictedLabel").ToArray();

            Assert.Equal(expected.Length, viaOnnx.Length);
            for (int row = 0; row < expected.Length; row++)
            {
                Assert.Equal(keys[row], viaOnnx[row].PredictedLabel.Single());
                for (int c = 0; c < 3; c++)
                {
                    Assert.InRange(Math.Abs(expected[row][c] - viaOnnx[row].Score[c]), 0, 1e-5);
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    public sealed class Digit
    {
        [VectorType(64)]
        public float[] Pixels { get; set; } = [];

        public float Number { get; set; }
    }

    [Fact]
    public void SingleLabelPipelineConvertsAndGivesTheSingleValuesBack()
    {
        var ml = new MLContext(seed: 1);
        var rows = DigitsData.Rows().Take(200).Select(d => new Digit { Pixels = d.Pixels, Number = d.Label }).ToList();
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        ITransformer model = ml.Transforms.Conversion.MapValueToKey("Label", "Number")
            .Append(ml.Transforms.NormalizeMinMax("Features", "Pixels"))
            .Append(ml.MulticlassClassification.Trainers.TwoLayer(new TwoLayerTrainer.Options { HiddenUnits = 16, NumberOfEpochs = 20, Seed = 1, NumberOfThreads = 1 }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedNumber", "PredictedLabel"))
            .Fit(data);
        float[] expected = model.Transform(data).GetColumn<float>("PredictedNumber").ToArray();

        using var session = new InferenceSession(Convert(ml, model, data));
        var pixels = new DenseTensor<float>(rows.SelectMany(r => r.Pixels).ToArray(), [rows.Count, 64]);
        var numbers = new DenseTensor<float>(rows.Select(r => r.Number).ToArray(), [rows.Count, 1]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("Pixels", pixels), NamedOnnxValue.CreateFromTensor("Number", numbers)]);

        Assert.Equal(expected, results.Single(r => r.Name == "PredictedNumber.output").AsEnumerable<float>().ToArray());
    }

    [Fact]
    public void TheGraphHoldsTheNetworkNotJustItsOutputsAsInputs()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = IrisData.Load(ml);
        using var session = new InferenceSession(Convert(ml, TrainIris(ml, data, HiddenActivation.Relu), data));

        // Before issue 14 the walk stopped at our transformer: Features, Score and PredictedLabel were graph inputs.
        Assert.Equal(["Measurements", "Species"], session.InputMetadata.Keys.Order());
    }
}
