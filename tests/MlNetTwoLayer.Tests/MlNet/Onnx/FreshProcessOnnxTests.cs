using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNetTwoLayer.Tests.Helpers;
using MlNetTwoLayer.Tests.MlNet.Persistence;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Onnx;

/// <summary>
/// <c>mlContext.Model.ConvertToOnnx</c> from a fresh process of a fresh project
/// (tests/MlNetTwoLayer.OnnxCheck, which references only the library and ML.NET's converter): the
/// pipeline is trained and saved here, loaded there with nothing but <c>mlContext.Model.Load</c> and
/// converted; the graph it writes, scored here by ONNX Runtime, gives this process's Transform values.
/// So the converter finds the network in a process where no trainer ever ran and no setup call was made.
/// </summary>
public sealed class FreshProcessOnnxTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tlnn-onnx-child-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Converts the saved <paramref name="model"/> in the child process; the session over the graph it wrote.</summary>
    private InferenceSession ConvertInAFreshProcess(MLContext ml, ITransformer model, IDataView data)
    {
        string zip = Path.Combine(_folder, "model.zip"), onnx = Path.Combine(_folder, "model.onnx");
        ml.Model.Save(model, data.Schema, zip);

        string[] lines = ChildProcessLoadTests.RunTool("MlNetTwoLayer.OnnxCheck", [zip, onnx, "4"]);

        Assert.Equal(new FileInfo(onnx).Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(lines));
        var session = new InferenceSession(onnx);
        // Only the raw features go in: the normaliser and the network are in the graph.
        Assert.Equal(["Measurements"], session.InputMetadata.Keys);
        return session;
    }

    private static IDisposableReadOnlyCollection<DisposableNamedOnnxValue> Run(InferenceSession session, IReadOnlyList<float[]> rows)
        => session.Run([NamedOnnxValue.CreateFromTensor("Measurements", new DenseTensor<float>(rows.SelectMany(r => r).ToArray(), [rows.Count, 4]))]);

    private static float[] Floats(IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results, string name)
        => results.Single(r => r.Name == name).AsEnumerable<float>().ToArray();

    [Fact]
    public void BinaryPipelineConvertsInAFreshProcess()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(TaskData.Binary(200, 61));
        ITransformer model = ml.Transforms.NormalizeMeanVariance("Features", "Measurements")
            .Append(ml.BinaryClassification.Trainers.TwoLayer(new TwoLayerBinaryTrainer.Options { HiddenUnits = 8, NumberOfEpochs = 20, LearningRate = 0.01f, Seed = 1, NumberOfThreads = 1 }))
            .Fit(data);
        List<TaskData.BinaryRow> heldOut = TaskData.Binary(100, 62);
        IDataView scored = model.Transform(ml.Data.LoadFromEnumerable(heldOut));

        using InferenceSession session = ConvertInAFreshProcess(ml, model, data);
        using var results = Run(session, heldOut.Select(r => r.Measurements).ToList());

        Tolerance.AllClose(scored.GetColumn<float>("Score").ToArray(), Floats(results, "Score.output"), 0, 1e-5, "Score");
        Tolerance.AllClose(scored.GetColumn<float>("Probability").ToArray(), Floats(results, "Probability.output"), 0, 1e-5, "Probability");
        Assert.Equal(scored.GetColumn<bool>("PredictedLabel").ToArray(), results.Single(r => r.Name == "PredictedLabel.output").AsEnumerable<bool>().ToArray());
    }

    [Fact]
    public void RegressionPipelineConvertsInAFreshProcessInTheLabelsUnits()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(TaskData.Regression(200, 63, offset: 900, scale: 50));
        ITransformer model = ml.Transforms.NormalizeMinMax("Features", "Measurements")
            .Append(ml.Regression.Trainers.TwoLayer(new TwoLayerRegressionTrainer.Options { HiddenUnits = 8, NumberOfEpochs = 20, LearningRate = 0.01f, Seed = 1, NumberOfThreads = 1 }))
            .Fit(data);
        List<TaskData.RegressionRow> heldOut = TaskData.Regression(100, 64, offset: 900, scale: 50);
        float[] expected = model.Transform(ml.Data.LoadFromEnumerable(heldOut)).GetColumn<float>("Score").ToArray();

        using InferenceSession session = ConvertInAFreshProcess(ml, model, data);
        using var results = Run(session, heldOut.Select(r => r.Measurements).ToList());

        // Scores near 900, one float step 6e-5: Transform undoes the scaling in double, the graph in float.
        Tolerance.AllClose(expected, Floats(results, "Score.output"), 1e-6, 1e-4, "Score");
        Assert.InRange(expected.Average(), 800, 1000);
    }

    public sealed class KeyedFlower
    {
        [VectorType(4)]
        public float[] Measurements { get; set; } = [];

        [KeyType(3)]
        public uint Label { get; set; }
    }

    [Fact]
    public void MulticlassPipelineConvertsInAFreshProcess()
    {
        var ml = new MLContext(seed: 1);
        string[] species = ["setosa", "versicolor", "virginica"];
        // A key label needs no MapValueToKey, so the graph's only input is the features.
        var rows = IrisData.Rows().Select(f => new KeyedFlower { Measurements = f.Measurements, Label = (uint)Array.IndexOf(species, f.Species) + 1 }).ToList();
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        ITransformer model = ml.Transforms.NormalizeMinMax("Features", "Measurements")
            .Append(ml.MulticlassClassification.Trainers.TwoLayer(new TwoLayerTrainer.Options { HiddenUnits = 8, NumberOfEpochs = 20, Seed = 1, NumberOfThreads = 1 }))
            .Fit(data);
        IDataView scored = model.Transform(data);

        using InferenceSession session = ConvertInAFreshProcess(ml, model, data);
        using var results = Run(session, rows.Select(r => r.Measurements).ToList());

        Tolerance.AllClose(scored.GetColumn<float[]>("Score").SelectMany(s => s).ToArray(), Floats(results, "Score.output"), 0, 1e-5, "Score");
        Assert.Equal(scored.GetColumn<uint>("PredictedLabel").ToArray(), results.Single(r => r.Name == "PredictedLabel.output").AsEnumerable<uint>().ToArray());
    }
}
