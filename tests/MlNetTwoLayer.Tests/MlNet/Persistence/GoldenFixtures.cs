using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetTwoLayer.Tests.MlNet.Persistence;

/// <summary>
/// The golden files under Fixtures/Persistence: a model file and an ML.NET zip saved by format
/// version 1, with the predictions they must keep giving. Written once by <see cref="Write"/> and
/// <see cref="WriteLoaderZip"/>, which only the maintenance tool tools/GoldenFixtureWriter calls (no
/// test can rewrite the files it checks); never regenerated after a format change: old files must keep loading.
/// </summary>
public static class GoldenFixtures
{
    public const string ModelFile = "iris-v1.tlnn";
    public const string ZipFile = "iris-pipeline-v1.zip";
    public const string ExpectedFile = "iris-v1.expected.json";
    public const string LoaderZipFile = "iris-pipeline-v1-loader.zip";

    public sealed class Expected
    {
        public int Inputs { get; set; }

        public int Hidden { get; set; }

        public string[] ClassNames { get; set; } = [];

        /// <summary>Raw (unnormalised) measurements for the zip; the model file gets them min-max scaled by <see cref="Scaled"/>.</summary>
        public float[][] Measurements { get; set; } = [];

        public float[][] Scaled { get; set; } = [];

        public float[][] ModelScores { get; set; } = [];

        public float[][] PipelineScores { get; set; } = [];

        public string[] PipelineSpecies { get; set; } = [];
    }

    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "Persistence", name);

    public static Expected ReadExpected() => JsonSerializer.Deserialize<Expected>(File.ReadAllText(Path(ExpectedFile)))!;

    /// <summary>Writes the fixtures into <paramref name="folder"/> from a freshly trained Iris pipeline.</summary>
    public static void Write(IrisModels models, string folder)
    {
        TwoLayerModelParameters model = models.Network.Model;
        model.SaveToFile(System.IO.Path.Combine(folder, ModelFile));
        models.Context.Model.Save(models.Chain, models.Data.Schema, System.IO.Path.Combine(folder, ZipFile));

        float[][] measurements = IrisModels.Probes.Select(p => p.Measurements).ToArray();
        IDataView scaledView = models.Chain.Take(2).Aggregate(models.Context.Data.LoadFromEnumerable(IrisModels.Probes.Select(p => new Helpers.IrisData.Flower { Measurements = p.Measurements, Species = "setosa" })),
            (view, t) => t.Transform(view));
        float[][] scaled = scaledView.GetColumn<float[]>("Features").ToArray();
        float[][] modelScores = scaled.Select(x =>
        {
            var p = new float[model.ClassCount];
            model.Score(x, p);
            return p;
        }).ToArray();
        var engine = models.Context.Model.CreatePredictionEngine<Helpers.IrisData.Flower, IrisModels.Prediction>(models.Chain);
        var predictions = IrisModels.Probes.Select(engine.Predict).ToArray();
        var expected = new Expected
        {
            Inputs = model.InputCount,
            Hidden = model.HiddenCount,
            ClassNames = model.ClassNames.ToArray(),
            Measurements = measurements,
            Scaled = scaled,
            ModelScores = modelScores,
            PipelineScores = predictions.Select(p => p.Score.ToArray()).ToArray(),
            PipelineSpecies = predictions.Select(p => p.PredictedSpecies).ToArray(),
        };
        File.WriteAllText(System.IO.Path.Combine(folder, ExpectedFile), JsonSerializer.Serialize(expected, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Builds the route-B zip (see GoldenLoaderZipTests) from the golden network file and writes it into <paramref name="folder"/>.</summary>
    public static void WriteLoaderZip(string folder)
    {
        var ml = new MLContext(seed: 7);
        IDataView data = Helpers.IrisData.Load(ml);
        TwoLayerModelParameters network = TwoLayerModelParameters.LoadFromFile(GoldenFixtures.Path(GoldenFixtures.ModelFile));
        ITransformer featurizer = Helpers.IrisData.Featurize(ml).Fit(data);
        ITransformer chain = new TransformerChain<ITransformer>(
            featurizer,
            new TwoLayerTransformer(ml, network),
            ml.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel").Fit(new TwoLayerTransformer(ml, network).Transform(featurizer.Transform(data))));
        ml.Model.Save(chain, data.Schema, System.IO.Path.Combine(folder, LoaderZipFile));
    }
}
