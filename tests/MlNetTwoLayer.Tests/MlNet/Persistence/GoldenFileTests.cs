using Microsoft.ML;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Persistence;

public class GoldenFileTests : IClassFixture<IrisModels>
{
    // Scoring may use other SIMD paths on other CPUs; the weights themselves are compared exactly below.
    private const double Relative = 1e-5, Absolute = 1e-6;

    private readonly IrisModels _models;

    public GoldenFileTests(IrisModels models) => _models = models;

    [Fact]
    public void GoldenModelFileOfFormatVersion1StillGivesItsPredictions()
    {
        GoldenFixtures.Expected expected = GoldenFixtures.ReadExpected();

        TwoLayerModelParameters model = TwoLayerModelParameters.LoadFromFile(GoldenFixtures.Path(GoldenFixtures.ModelFile));

        Assert.Equal((expected.Inputs, expected.Hidden, expected.ClassNames.Length), (model.InputCount, model.HiddenCount, model.ClassCount));
        Assert.Equal(expected.ClassNames, model.ClassNames);
        for (int i = 0; i < expected.Scaled.Length; i++)
        {
            var probabilities = new float[model.ClassCount];
            model.Score(expected.Scaled[i], probabilities);
            Tolerance.AllClose(expected.ModelScores[i], probabilities, Relative, Absolute, $"probe {i} probability");
        }
        // Saving the loaded model again must reproduce the golden bytes: the format has not drifted.
        Assert.Equal(File.ReadAllBytes(GoldenFixtures.Path(GoldenFixtures.ModelFile)), SmallModels.Bytes(model));
    }

    // The golden zip was saved before the loader assembly existed (a legacy file, docs/persistence.md): it names
    // MlNetTwoLayer as its loader assembly, so the context needs the loader registered by Register,
    // by building a trainer or transformer, or by an earlier load of a current model.

    [Fact]
    public void GoldenMlNetZipStillLoadsAndPredicts()
    {
        var ml = new MLContext(seed: 5);
        TwoLayerModelLoader.Register(ml);

        AssertGivesGoldenPredictions(ml, ml.Model.Load(GoldenFixtures.Path(GoldenFixtures.ZipFile), out _));
    }

    [Fact]
    public void GoldenMlNetZipLoadsInAContextThatBuiltATrainer()
    {
        var ml = new MLContext(seed: 5);
        _ = ml.MulticlassClassification.Trainers.TwoLayer();

        AssertGivesGoldenPredictions(ml, ml.Model.Load(GoldenFixtures.Path(GoldenFixtures.ZipFile), out _));
    }

    [Fact]
    public void GoldenMlNetZipLoadsInAContextThatLoadedACurrentModel()
    {
        using var current = new MemoryStream();
        _models.Context.Model.Save(_models.Chain, _models.Data.Schema, current);
        current.Position = 0;
        var ml = new MLContext(seed: 5);
        _ = ml.Model.Load(current, out _);

        AssertGivesGoldenPredictions(ml, ml.Model.Load(GoldenFixtures.Path(GoldenFixtures.ZipFile), out _));
    }

    [Fact]
    public void GoldenMlNetZipAloneInAFreshContextNeedsRegister()
    {
        // The documented limit of legacy files: ML.NET looks for their loader in MlNetTwoLayer.dll, which cannot declare it.
        Exception error = Record.Exception(() => new MLContext(seed: 5).Model.Load(GoldenFixtures.Path(GoldenFixtures.ZipFile), out _));

        Assert.NotNull(error);
        Assert.NotNull(ExceptionChain.TryFind<FormatException>(error));
    }

    /// <summary>The golden pipeline predictions of iris-v1.expected.json, through a PredictionEngine.</summary>
    internal static void AssertGivesGoldenPredictions(MLContext ml, ITransformer model)
    {
        GoldenFixtures.Expected expected = GoldenFixtures.ReadExpected();
        var engine = ml.Model.CreatePredictionEngine<IrisData.Flower, IrisModels.Prediction>(model);
        for (int i = 0; i < expected.Measurements.Length; i++)
        {
            IrisModels.Prediction prediction = engine.Predict(new IrisData.Flower { Measurements = expected.Measurements[i] });
            Assert.Equal(expected.PipelineSpecies[i], prediction.PredictedSpecies);
            Tolerance.AllClose(expected.PipelineScores[i], prediction.Score, Relative, Absolute, $"probe {i} score");
        }
    }
}
