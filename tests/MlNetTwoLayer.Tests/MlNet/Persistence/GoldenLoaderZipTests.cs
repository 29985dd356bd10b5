using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Persistence;

/// <summary>
/// A golden ML.NET zip saved with the MlNetTwoLayer.Loader assembly (route B): it must keep loading
/// with nothing but <c>mlContext.Model.Load</c>, in a context that built and registered nothing, so a
/// later change of loader name, signature or payload cannot silently strand saved pipelines.
/// The zip holds the featurisers fitted on Iris, the golden v1 network and MapKeyToValue, so it gives
/// the golden pipeline predictions of iris-v1.expected.json.
/// </summary>
public class GoldenLoaderZipTests
{
    public const string LoaderZipFile = "iris-pipeline-v1-loader.zip";

    [Fact]
    public void GoldenLoaderZipLoadsInAFreshContextWithoutRegister()
    {
        if (Environment.GetEnvironmentVariable("TLNN_WRITE_FIXTURES") == "1")
        {
            Write();
        }
        var ml = new MLContext(seed: 11);
        ITransformer model = ml.Model.Load(GoldenFixtures.Path(LoaderZipFile), out _);

        GoldenFileTests.AssertGivesGoldenPredictions(ml, model);
    }

    /// <summary>Builds the zip from the golden network file and writes it into the source tree.</summary>
    private static void Write([CallerFilePath] string thisFile = "")
    {
        var ml = new MLContext(seed: 7);
        IDataView data = IrisData.Load(ml);
        TwoLayerModelParameters network = TwoLayerModelParameters.LoadFromFile(GoldenFixtures.Path(GoldenFixtures.ModelFile));
        ITransformer featurizer = IrisData.Featurize(ml).Fit(data);
        ITransformer chain = new TransformerChain<ITransformer>(
            featurizer,
            new TwoLayerTransformer(ml, network),
            ml.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel").Fit(new TwoLayerTransformer(ml, network).Transform(featurizer.Transform(data))));
        string folder = Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "Fixtures", "Persistence");
        ml.Model.Save(chain, data.Schema, Path.Combine(folder, LoaderZipFile));
    }
}
