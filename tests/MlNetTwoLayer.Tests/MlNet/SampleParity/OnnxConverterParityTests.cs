using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.SampleParity;

/// <summary>
/// ML.NET's own export, mlContext.Model.ConvertToOnnx (package Microsoft.ML.OnnxConverter 0.23.1, which the
/// Regression_ONNXExport sample and the docs use), on a chain ending in TwoLayer. On main@3ae998a, 43de39c and abacd4e it
/// SILENTLY writes a ~1 KB graph in which Score and PredictedLabel are graph INPUTS wired through Identity:
/// the network is not in the file (TwoLayerTransformer does not implement ML.NET's internal ICanSaveOnnx,
/// so the converter treats its output columns as pass-through inputs). Expected: the network is exported
/// (Score computed from Features) or ConvertToOnnx throws a clear error pointing at our own exporter.
/// Needs a PackageReference to Microsoft.ML.OnnxConverter 0.23.1 in the test project (nuget.tsv gives 0.23.1).
/// </summary>
public class OnnxConverterParityTests
{
    public sealed class Row
    {
        public uint Label { get; set; }

        [VectorType(3)]
        public float[] Features { get; set; } = [];
    }

    [Fact]
    public void ConvertToOnnxExportsTheNetworkOrRefusesClearly()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 60).Select(i => new Row { Label = (uint)(i % 3), Features = [i % 3, 0.5f * (i % 2), 0.1f * (i % 5)] }));
        ITransformer model = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.TwoLayer(new TwoLayerTrainer.Options { HiddenUnits = 4, NumberOfEpochs = 5, Seed = 1 }))
            .Fit(data);
        using var stream = new MemoryStream();

        Exception? error = Record.Exception(() => ml.Model.ConvertToOnnx(model, data, stream));

        if (error is not null)
        {
            Assert.Contains("TwoLayer", error.Message);
            return;
        }
        using var session = new InferenceSession(stream.ToArray());
        Assert.DoesNotContain("Score", session.InputMetadata.Keys);
        Assert.Contains(session.OutputMetadata.Keys, k => k.StartsWith("Score", StringComparison.Ordinal));
    }
}
