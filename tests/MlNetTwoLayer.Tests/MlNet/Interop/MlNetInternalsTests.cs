using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;
using MlNetTwoLayer.MlNet.Interop;
using MlNetTwoLayer.MlNet.Persistence;

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
        // And the version actually loaded, as its package names it (5.0.1+commit), so a user sees both sides.
        string loaded = typeof(MLContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Contains($"the loaded Microsoft.ML ({loaded})", error.Message);
        Assert.NotEqual(typeof(MLContext).Assembly.GetName().Version!.ToString(), loaded);
    }

    [Fact]
    public void NullArgumentsAreRejectedByName()
    {
        // Each is reached only from our own code today; a null must still fail here, naming it, not as a
        // NullReferenceException inside a reflected ML.NET call.
        Assert.Equal("data", Assert.Throws<ArgumentNullException>(() => MlNetInternals.TryCreateCacheSeeker(null!, [])).ParamName);
        Assert.Equal("catalog", Assert.Throws<ArgumentNullException>(() => MlNetInternals.GetEnvironment(null!)).ParamName);
        Assert.Equal("ctx", Assert.Throws<ArgumentNullException>(() => MlNetInternals.BeginSave(null!, TwoLayerModelLoader.Identity)).ParamName);
        Assert.Equal("ctx", Assert.Throws<ArgumentNullException>(() => MlNetInternals.BeginLoad(null!, TwoLayerModelLoader.Identity)).ParamName);
        Assert.Equal("schema", Assert.Throws<ArgumentNullException>(() => MlNetInternals.ShapeOf(null!)).ParamName);
        Assert.Equal("environment", Assert.Throws<ArgumentNullException>(() => TwoLayerModelLoader.Register((Microsoft.ML.Runtime.IHostEnvironment)null!)).ParamName);
        Assert.Equal("mlContext", Assert.Throws<ArgumentNullException>(() => TwoLayerModelLoader.Register((MLContext)null!)).ParamName);
        Assert.Equal("env", Assert.Throws<ArgumentNullException>(() => TwoLayerModelLoader.Create(null!, new object())).ParamName);
    }

    public sealed class ValueRow
    {
        public float Value { get; set; }
    }

    [Fact]
    public void OnlyAnMlNetCacheGivesARowSeekerAndItReadsRowsByPosition()
    {
        var ml = new MLContext(seed: 1);
        IDataView plain = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 10).Select(i => new ValueRow { Value = i * 1.5f }));
        Assert.Null(MlNetInternals.TryCreateCacheSeeker(plain, [plain.Schema["Value"]]));

        IDataView cached = ml.Data.Cache(plain);
        var (row, moveTo) = MlNetInternals.TryCreateCacheSeeker(cached, [cached.Schema["Value"]])!.Value;
        using (row)
        {
            ValueGetter<float> get = row.GetGetter<float>(cached.Schema["Value"]);
            float value = 0;
            foreach (long position in new long[] { 7, 2, 9, 0 })
            {
                Assert.True(moveTo(position));
                get(ref value);
                Assert.Equal(position * 1.5f, value);
            }
            Assert.False(moveTo(10));
        }
    }
}
