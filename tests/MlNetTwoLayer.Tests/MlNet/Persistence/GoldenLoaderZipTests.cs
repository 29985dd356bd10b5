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
    public const string LoaderZipFile = GoldenFixtures.LoaderZipFile;

    [Fact]
    public void GoldenLoaderZipLoadsInAFreshContextWithoutRegister()
    {
        var ml = new MLContext(seed: 11);
        ITransformer model = ml.Model.Load(GoldenFixtures.Path(LoaderZipFile), out _);

        GoldenFileTests.AssertGivesGoldenPredictions(ml, model);
    }
}
