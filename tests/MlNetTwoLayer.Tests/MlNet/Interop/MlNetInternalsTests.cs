using Microsoft.ML;
using Microsoft.ML.Data;
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
