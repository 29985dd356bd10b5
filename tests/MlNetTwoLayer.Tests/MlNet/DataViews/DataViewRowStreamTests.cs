using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Persistence;
using MlNetTwoLayer.MlNet.DataViews;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.DataViews;

/// <summary>
/// <see cref="DataViewRowStream"/>: rows read one at a time (the dense and the sparse read), skipped
/// rows counted, rows that break the view's schema refused naming the row, every ML.NET key type read.
/// </summary>
public class DataViewRowStreamTests
{
    [Fact]
    public void TheDenseReadSkipsAndCountsANonFiniteRowWithoutAnExplicitRestart()
    {
        var data = HandMadeDataView.Dense(2, [[float.NaN, 1], [3, 4], [float.PositiveInfinity, 0]], [0, 1, 0]);
        using var stream = new DataViewRowStream(data, "Features", "Label", null);
        Assert.Equal(-1, stream.Position);
        var features = new float[2];
        // No Restart: the first read opens the cursor.
        Assert.True(stream.Next(features, out int label, out float weight));
        Assert.Equal([3f, 4f], features);
        Assert.Equal(1, label);
        Assert.Equal(1f, weight);
        Assert.Equal(1, stream.Position);
        Assert.Equal(1, stream.SkippedBadFeatures);
        Assert.False(stream.Next(features, out _, out _));
        Assert.Equal(2, stream.SkippedBadFeatures);
    }

    [Fact]
    public void DisposingTheStreamDisposesItsCursor()
    {
        var data = HandMadeDataView.Dense(2, [[1, 2]], [0]);
        var stream = new DataViewRowStream(data, "Features", "Label", null);
        stream.Restart();
        Assert.Equal(1, data.CursorsOpened);
        Assert.Equal(0, data.CursorsDisposed);
        stream.Dispose();
        Assert.Equal(1, data.CursorsDisposed);
    }

    [Fact]
    public void ARowOfAnotherLengthThanTheSchemaSaysIsRefusedNamingTheRow()
    {
        var data = new HandMadeDataView(3, NumberDataViewType.Single, [new VBuffer<float>(3, [1f, 2, 3]), new VBuffer<float>(2, [1f, 2])], [0f, 1f]);
        using var stream = new DataViewRowStream(data, "Features", "Label", null);
        var row = new SparseRow();
        Assert.True(stream.NextSparse(row, out _, out _, out _));
        var error = Assert.Throws<InvalidOperationException>(() => stream.NextSparse(row, out _, out _, out _));
        Assert.Equal("Row 1 of feature column 'Features' has 2 values, but the column's type says 3.", error.Message);
    }

    [Fact]
    public void ASparseIndexEqualToTheSlotCountIsOutside()
    {
        DataViewRowStream.CheckIndices([0, 2], 3, "F", 7);
        var error = Assert.Throws<InvalidOperationException>(() => DataViewRowStream.CheckIndices([0, 3], 3, "F", 7));
        Assert.Equal("Row 7 of feature column 'F' is a sparse vector with index 3, outside its 3 slots. Build sparse VBuffers with indices in [0, length).", error.Message);
    }

    [Fact]
    public void AKeyAboveItsCountIsRefusedAsAViewBreakingItsSchema()
    {
        var data = new HandMadeDataView(2, new KeyDataViewType(typeof(uint), 2), [new VBuffer<float>(2, [1f, 2]), new VBuffer<float>(2, [1f, 2])], [1u, 3u]);
        using var stream = new DataViewRowStream(data, "Features", "Label", null);
        var row = new SparseRow();
        Assert.True(stream.NextSparse(row, out int first, out _, out _));
        Assert.Equal(0, first);
        var error = Assert.Throws<InvalidOperationException>(() => stream.NextSparse(row, out _, out _, out _));
        Assert.Equal("Row 1 of label column 'Label' holds key 3, but the column's type says the key has 2 values: the data view breaks its own schema. " +
            "Fix the view, or map the labels anew with mlContext.Transforms.Conversion.MapValueToKey(\"Label\").", error.Message);
    }

    [Fact]
    public void AClassAtTheFirstPassesCountIsRefusedAsDataThatChangedBetweenPasses()
    {
        var data = HandMadeDataView.Dense(2, [[1, 2], [1, 2]], [1, 2]);
        using var stream = new DataViewRowStream(data, "Features", "Label", null, classCount: 2, dataKind: "validation");
        var row = new SparseRow();
        Assert.True(stream.NextSparse(row, out int first, out _, out _));
        Assert.Equal(1, first);
        var error = Assert.Throws<InvalidOperationException>(() => stream.NextSparse(row, out _, out _, out _));
        Assert.Equal("Row 1 of label column 'Label' of the validation data holds class 2, but the first pass over the data found only classes 0 to 1: the data changed between passes. " +
            "Data read with DataMode = Streaming must give the same rows on every pass; cache it (mlContext.Data.Cache) or train InMemory.", error.Message);
    }

    [Fact]
    public void AClassIndexOfMaxClassesIsNotAClassIndex()
    {
        var data = HandMadeDataView.Dense(2, [[1, 2], [1, 2]], [ModelFormat.MaxClasses - 1, ModelFormat.MaxClasses]);
        using var stream = new DataViewRowStream(data, "Features", "Label", null);
        var row = new SparseRow();
        Assert.True(stream.NextSparse(row, out int first, out _, out _));
        Assert.Equal(ModelFormat.MaxClasses - 1, first);
        var error = Assert.Throws<InvalidOperationException>(() => stream.NextSparse(row, out _, out _, out _));
        Assert.Equal($"Row 1 of label column 'Label' holds {ModelFormat.MaxClasses}, which is not a class index (0, 1, 2, ..., below {ModelFormat.MaxClasses}). " +
            "Use whole non-negative numbers, or map the labels to a key with mlContext.Transforms.Conversion.MapValueToKey(\"Label\").", error.Message);
    }

    [Fact]
    public void EveryKeyTypeIsReadAndKeyZeroIsAMissingLabel()
    {
        Check<byte>(k => (byte)k);
        Check<ushort>(k => (ushort)k);
        Check<uint>(k => k);
        Check<ulong>(k => k);

        static void Check<T>(Func<uint, T> key)
        {
            uint[] keys = [1, 2, 0, 3, 2];
            var data = new HandMadeDataView(2, new KeyDataViewType(typeof(T), 3), keys.Select((_, i) => new VBuffer<float>(2, [i, 1f])), keys.Select(k => (object)key(k)!));
            TrainingDataReadResult read = TrainingDataReader.Read(data, "Features", "Label", null, null);
            Assert.Equal([1L, 2L, 1L], read.ClassCounts);
            Assert.Equal(1, read.SkippedMissingLabel);
            Assert.Equal([0, 1, 2, 1], read.Dataset!.Labels.Take(4));
        }
    }
}
