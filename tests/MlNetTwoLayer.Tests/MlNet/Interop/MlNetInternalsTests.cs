using Xunit;
using MlNetTwoLayer.MlNet.Interop;

namespace MlNetTwoLayer.Tests.MlNet.Interop;

public class MlNetInternalsTests
{
    [Fact]
    public void PersistenceInternalsResolveOnTheInstalledMlNet()
        => MlNetInternals.EnsurePersistenceAvailable();

    [Fact]
    public void MismatchErrorNamesTheSupportedVersionRange()
    {
        InvalidOperationException error = MlNetInternals.Mismatch("ModelSaveContext.Writer");

        Assert.Contains("Microsoft.ML [5.0.1, 5.1)", error.Message);
        Assert.Contains("ModelSaveContext.Writer", error.Message);
    }
}
