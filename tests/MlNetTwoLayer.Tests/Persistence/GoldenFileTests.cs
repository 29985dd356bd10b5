using Microsoft.ML;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.Persistence;

public class GoldenFileTests : IClassFixture<IrisModels>
{
    // Scoring may use other SIMD paths on other CPUs; the weights themselves are compared exactly below.
    private const double Relative = 1e-5, Absolute = 1e-6;

    private readonly IrisModels _models;

    public GoldenFileTests(IrisModels models) => _models = models;

    [Fact]
    public void GoldenModelFileOfFormatVersion1StillGivesItsPredictions()
    {
        if (Environment.GetEnvironmentVariable("TLNN_WRITE_FIXTURES") == "1")
        {
            GoldenFixtures.Write(_models);
        }
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

    [Fact]
    public void GoldenMlNetZipStillLoadsAndPredicts()
    {
        GoldenFixtures.Expected expected = GoldenFixtures.ReadExpected();
        var ml = new MLContext(seed: 5);
        TwoLayerModelLoader.Register(ml);

        ITransformer model = ml.Model.Load(GoldenFixtures.Path(GoldenFixtures.ZipFile), out _);

        var engine = ml.Model.CreatePredictionEngine<IrisData.Flower, IrisModels.Prediction>(model);
        for (int i = 0; i < expected.Measurements.Length; i++)
        {
            IrisModels.Prediction prediction = engine.Predict(new IrisData.Flower { Measurements = expected.Measurements[i] });
            Assert.Equal(expected.PipelineSpecies[i], prediction.PredictedSpecies);
            Tolerance.AllClose(expected.PipelineScores[i], prediction.Score, Relative, Absolute, $"probe {i} score");
        }
    }
}
