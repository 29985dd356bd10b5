using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Onnx;

/// <summary>What the export API promises besides the numbers: metadata, shapes, argument checks, atomic files.</summary>
public class OnnxExportApiTests
{
    private static TwoLayerModelParameters SmallModel(IReadOnlyList<string>? classNames = null) => new(
        new float[,] { { 0.5f, -0.25f, 1f }, { -1f, 0.75f, 0.1f } },
        [0.1f, -0.2f, 0.3f],
        new float[,] { { 1f, -1f }, { 0.5f, 0.25f }, { -0.75f, 2f } },
        [0.05f, -0.05f],
        classNames ?? ["setosa", "virginica \"quoted\" ü"], HiddenActivation.Tanh);

    [Fact]
    public void FileCarriesProducerClassNamesAndSymbolicBatch()
    {
        TwoLayerModelParameters model = SmallModel();
        using var session = new InferenceSession(OnnxTestModels.Export(model));

        ModelMetadata metadata = session.ModelMetadata;
        Assert.Equal("MlNetTwoLayer", metadata.ProducerName);
        Assert.Equal(model.ClassNames, JsonSerializer.Deserialize<string[]>(metadata.CustomMetadataMap["class_names"]));
        Assert.Equal("Tanh", metadata.CustomMetadataMap["hidden_activation"]);
        Assert.Equal("Text", metadata.CustomMetadataMap["class_label_type"]);

        NodeMetadata input = Assert.Single(session.InputMetadata, kv => kv.Key == "features").Value;
        Assert.Equal(new[] { -1, 2 }, input.Dimensions);
        Assert.Equal("N", input.SymbolicDimensions[0]);
        Assert.Equal(typeof(float), input.ElementType);
        Assert.Equal(new[] { -1, 2 }, session.OutputMetadata["probabilities"].Dimensions);
        Assert.Equal(typeof(long), session.OutputMetadata["predicted_class"].ElementType);
        Assert.Equal(new[] { -1 }, session.OutputMetadata["predicted_class"].Dimensions);
    }

    [Fact]
    public void SingleRowScoresLikeOurs()
    {
        TwoLayerModelParameters model = SmallModel();
        var (probabilities, predicted) = OnnxTestModels.ScoreWithOnnxRuntime(OnnxTestModels.Export(model), [[0.3f, -0.7f]]);
        float[] ours = OnnxTestModels.ScoreOurs(model, [[0.3f, -0.7f]]);
        Helpers.Tolerance.AllClose(ours, probabilities, 0, 1e-6, "probability");
        Assert.Equal(OnnxTestModels.ArgMax(ours), (int)Assert.Single(predicted));
    }

    [Fact]
    public void FileDeclaresIrVersion7AndOpset13()
    {
        byte[] bytes = OnnxTestModels.Export(SmallModel());
        // ModelProto starts with ir_version (field 1, varint) = 7.
        Assert.Equal(new byte[] { 0x08, 0x07 }, bytes[..2]);
        // opset_import (field 8, length 4): domain "" (field 1, length 0), version (field 2) = 13.
        byte[] opset = [0x42, 0x04, 0x0A, 0x00, 0x10, 0x0D];
        Assert.True(bytes.AsSpan().IndexOf(opset) > 0, "opset_import { domain: \"\", version: 13 } not found");
    }

    [Fact]
    public void ExportIsDeterministic()
        => Assert.Equal(OnnxTestModels.Export(SmallModel()), OnnxTestModels.Export(SmallModel()));

    [Fact]
    public void NullStreamOrPathIsRejected()
    {
        TwoLayerModelParameters model = SmallModel();
        Assert.Throws<ArgumentNullException>("stream", () => model.ExportToOnnx((Stream)null!));
        Assert.Throws<ArgumentNullException>("path", () => model.ExportToOnnx((string)null!));
        Assert.Throws<ArgumentException>("path", () => model.ExportToOnnx("  "));
    }

    [Fact]
    public void ReadOnlyOrClosedStreamIsRejectedClearly()
    {
        TwoLayerModelParameters model = SmallModel();
        using var readOnly = new MemoryStream(new byte[16], writable: false);
        var ex = Assert.Throws<ArgumentException>("stream", () => model.ExportToOnnx(readOnly));
        Assert.Contains("cannot be written", ex.Message);

        var closed = new MemoryStream();
        closed.Dispose();
        Assert.Throws<ArgumentException>("stream", () => model.ExportToOnnx(closed));
    }

    [Fact]
    public void StreamExportLeavesTheStreamOpenAndWritesFromItsPosition()
    {
        using var stream = new MemoryStream();
        stream.Write([1, 2, 3]);
        SmallModel().ExportToOnnx(stream);
        Assert.True(stream.CanWrite);
        Assert.Equal(OnnxTestModels.Export(SmallModel()), stream.ToArray()[3..]);
    }

    [Fact]
    public void PathExportReplacesAnOldFileAndLeavesNoTemporaryFile()
    {
        string directory = Directory.CreateTempSubdirectory("onnx-export-").FullName;
        try
        {
            string path = Path.Combine(directory, "model.onnx");
            File.WriteAllText(path, "an older, longer file that must be replaced entirely");
            SmallModel().ExportToOnnx(path);

            Assert.Equal(OnnxTestModels.Export(SmallModel()), File.ReadAllBytes(path));
            Assert.Equal(new[] { path }, Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void MissingFolderFailsWithoutCreatingAnything()
    {
        string directory = Path.Combine(Path.GetTempPath(), $"onnx-missing-{Guid.NewGuid():N}");
        Assert.Throws<DirectoryNotFoundException>(() => SmallModel().ExportToOnnx(Path.Combine(directory, "model.onnx")));
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void TransformerDelegatesToItsModel()
    {
        TwoLayerModelParameters model = SmallModel();
        var transformer = new TwoLayerTransformer(new Microsoft.ML.MLContext(seed: 1), model);
        using var stream = new MemoryStream();
        transformer.ExportToOnnx(stream);
        Assert.Equal(OnnxTestModels.Export(model), stream.ToArray());
        Assert.Throws<ArgumentNullException>("stream", () => transformer.ExportToOnnx((Stream)null!));
    }
}
