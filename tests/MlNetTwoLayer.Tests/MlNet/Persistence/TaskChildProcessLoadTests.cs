using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Persistence;

/// <summary>Binary and regression pipelines saved here load in a fresh process with nothing but <c>mlContext.Model.Load</c>.</summary>
public class TaskChildProcessLoadTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tlnn-task-child-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void BinaryPipelineLoadsInAFreshProcessWithIdenticalScores()
    {
        var ml = new MLContext(seed: 1);
        var rows = TaskData.Binary(150, 41);
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        ITransformer model = TaskData.Featurize(ml).Append(ml.BinaryClassification.Trainers.TwoLayer(new TwoLayerBinaryTrainer.Options { HiddenUnits = 8, NumberOfEpochs = 5, Seed = 1 })).Fit(data);
        Check(ml, model, data, model.Transform(data).GetColumn<float>("Score").Take(10).ToArray(), rows.Take(10).Select(r => r.Measurements));
    }

    [Fact]
    public void RegressionPipelineLoadsInAFreshProcessWithIdenticalScores()
    {
        var ml = new MLContext(seed: 1);
        var rows = TaskData.Regression(150, 42, offset: 900, scale: 50);
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        ITransformer model = TaskData.Featurize(ml).Append(ml.Regression.Trainers.TwoLayer(new TwoLayerRegressionTrainer.Options { HiddenUnits = 8, NumberOfEpochs = 5, Seed = 1 })).Fit(data);
        Check(ml, model, data, model.Transform(data).GetColumn<float>("Score").Take(10).ToArray(), rows.Take(10).Select(r => r.Measurements));
    }

    private void Check(MLContext ml, ITransformer model, IDataView data, float[] expected, IEnumerable<float[]> probes)
    {
        string path = Path.Combine(_folder, $"{Guid.NewGuid():N}.zip");
        ml.Model.Save(model, data.Schema, path);

        string[] lines = ChildProcessLoadTests.RunLoadCheck(path, probes, "--scalar");

        string[] wanted = expected.Select(v => { string b = BitConverter.SingleToInt32Bits(v).ToString("X8", CultureInfo.InvariantCulture); return $"{b} {b}"; }).ToArray();
        Assert.Equal(wanted, lines);
    }
}
