using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;
using Xunit.Sdk;

namespace MlNetTwoLayer.Tests.MlNet.Persistence;

public class ChildProcessLoadTests : IClassFixture<IrisModels>, IDisposable
{
    private readonly IrisModels _models;
    private readonly string _folder = Directory.CreateTempSubdirectory("tlnn-child-").FullName;

    public ChildProcessLoadTests(IrisModels models) => _models = models;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ModelSavedHereLoadsInAFreshProcessWithoutRegisterWithIdenticalScores()
    {
        string path = Path.Combine(_folder, "iris.zip");
        _models.Context.Model.Save(_models.Chain, _models.Data.Schema, path);
        var engine = _models.Context.Model.CreatePredictionEngine<Helpers.IrisData.Flower, IrisModels.Prediction>(_models.Chain);
        string[] expected = IrisModels.Probes.Select(engine.Predict).Select(p => $"{p.PredictedSpecies} {Bits(p.Score)} {Bits(p.Score)}").ToArray();

        string[] lines = RunLoadCheck(path, IrisModels.Probes.Select(p => p.Measurements));

        Assert.Equal(expected, lines);
    }

    [Fact]
    public void GoldenLegacyZipLoadsInAFreshProcessThatCallsRegister()
    {
        GoldenFixtures.Expected expected = GoldenFixtures.ReadExpected();

        string[] lines = RunLoadCheck(GoldenFixtures.Path(GoldenFixtures.ZipFile), expected.Measurements, "--register");

        Assert.Equal(expected.Measurements.Length, lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            string[] parts = lines[i].Split(' ');
            Assert.Equal(expected.PipelineSpecies[i], parts[0]);
            float[] score = parts[1].Split(',').Select(h => BitConverter.Int32BitsToSingle(int.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture))).ToArray();
            Helpers.Tolerance.AllClose(expected.PipelineScores[i], score, 1e-5, 1e-6, $"probe {i} score");
        }
    }

    private sealed class SingleFlower
    {
        [Microsoft.ML.Data.VectorType(4)]
        public float[] Measurements { get; set; } = [];

        public float Species { get; set; }
    }

    [Fact]
    public void SingleLabelModelGivesSinglesBackInAFreshProcess()
    {
        // Issue 14: the Iris species as Single values 10, 20, 30; a fresh process binds PredictedSpecies to a float.
        var ml = new Microsoft.ML.MLContext(seed: 1);
        var rows = Helpers.IrisData.Rows().Select(f => new SingleFlower { Measurements = f.Measurements, Species = f.Species == "setosa" ? 10 : f.Species == "versicolor" ? 20 : 30 }).ToList();
        Microsoft.ML.IDataView data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Conversion.MapValueToKey("Label", "Species")
            .Append(ml.Transforms.NormalizeMinMax("Features", "Measurements"))
            .Append(ml.MulticlassClassification.Trainers.TwoLayer(new TwoLayerTrainer.Options { NumberOfEpochs = 60, Seed = 1, NumberOfThreads = 1 }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel"))
            .Fit(data);
        string path = Path.Combine(_folder, "single-label.zip");
        ml.Model.Save(model, data.Schema, path);
        float[][] probes = [rows[0].Measurements, rows[60].Measurements, rows[140].Measurements];
        float[] expected = model.Transform(ml.Data.LoadFromEnumerable(probes.Select(p => new SingleFlower { Measurements = p })))
            .GetColumn<float>("PredictedSpecies").ToArray();

        string[] lines = RunLoadCheck(path, probes, "--single");

        Assert.Equal(expected.Select(v => v.ToString("R", CultureInfo.InvariantCulture)), lines.Take(3));
        Assert.Equal("10,20,30", lines[3]);
    }

    private static string Bits(float[] values) => string.Join(",", values.Select(v => BitConverter.SingleToInt32Bits(v).ToString("X8", CultureInfo.InvariantCulture)));

    internal static string[] RunLoadCheck(string modelPath, IEnumerable<float[]> rows, params string[] options)
        => RunTool("MlNetTwoLayer.LoadCheck",
            [modelPath, string.Join(";", rows.Select(r => string.Join(",", r.Select(v => v.ToString("R", CultureInfo.InvariantCulture))))), .. options]);

    /// <summary>Runs one of the helper programs built beside the tests (<paramref name="name"/>.dll) in a fresh process; returns its output lines.</summary>
    internal static string[] RunTool(string name, IEnumerable<string> arguments)
    {
        string tool = Path.Combine(AppContext.BaseDirectory, name + ".dll");
        Assert.True(File.Exists(tool), $"{tool} is missing: the test project references {name} so it is built beside the tests.");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(tool);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using Process process = Process.Start(start) ?? throw new XunitException("Could not start dotnet.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new XunitException($"The {name} process did not finish within 60 s.");
        }
        if (process.ExitCode != 0)
        {
            throw new XunitException($"The {name} process exited with {process.ExitCode}:\n{errors.Result}");
        }
        return output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
