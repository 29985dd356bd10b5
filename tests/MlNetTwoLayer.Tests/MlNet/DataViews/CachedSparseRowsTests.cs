using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.MlNet.DataViews;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.DataViews;

/// <summary>
/// <see cref="CachedSparseRows"/>: a row read again by position from an ML.NET cache is the row the
/// first pass read; a position the cache no longer has is refused naming it; and training on a cached
/// sparse view (inputs held sparse: StandardizeInputs off) reads its rows from the cache while training,
/// so the cache must still be open after the first pass.
/// </summary>
public class CachedSparseRowsTests
{
    private const int Slots = 40;

    public sealed class Row
    {
        public float Label { get; set; }

        [VectorType(Slots)]
        public VBuffer<float> Features { get; set; }
    }

    private static IDataView Rows(MLContext ml) => ml.Data.LoadFromEnumerable(Enumerable.Range(0, 30).Select(i => new Row
    {
        Label = i % 3,
        Features = new VBuffer<float>(Slots, 2, [1f + i, 0.5f], [i % 3 * 10 + i % 7, 30 + i % 10]),
    }));

    [Fact]
    public void ARowReadByPositionIsTheRowOfTheFirstPass()
    {
        var ml = new MLContext(seed: 1);
        IDataView cached = ml.Data.Cache(Rows(ml));
        using CachedSparseRows rows = CachedSparseRows.TryCreate(cached, "Features")!;
        Assert.Null(CachedSparseRows.TryCreate(Rows(ml), "Features"));
        var row = new SparseRow();
        foreach (long position in new long[] { 5, 0, 29, 5 })
        {
            rows.Read(position, row);
            int i = (int)position;
            Assert.Equal([i % 3 * 10 + i % 7, 30 + i % 10], row.IndexSpan.ToArray());
            Assert.Equal([1f + i, 0.5f], row.ValueSpan.ToArray());
        }
        var error = Assert.Throws<InvalidOperationException>(() => rows.Read(1000, row));
        Assert.Equal("Row 1000 of the cached training data is gone; the data changed during training.", error.Message);
        rows.Dispose();
        Assert.Throws<ObjectDisposedException>(() => rows.Read(0, row));
    }

    [Fact]
    public void TrainingOnACachedSparseViewReadsFromTheCacheAndMatchesACopy()
    {
        var ml = new MLContext(seed: 1);
        IDataView plain = Rows(ml);
        IDataView cached = ml.Data.Cache(plain);
        TrainingDataReadResult read = TrainingDataReader.Read(cached, "Features", "Label", null, null);
        var sparse = Assert.IsType<SparseDataset>(read.Dataset);
        Assert.True(sparse.ReadsFromSource);
        // Handed over: the reader must not have closed the cache the rows are read from.
        int[] indices = [], starts = new int[3];
        float[] values = [];
        sparse.Gather([0, 29], starts, ref indices, ref values);
        Assert.Equal([0, 30, 29 % 7 + 20, 39], indices.AsSpan(0, 4).ToArray());
        ((IDisposable)sparse.Source!).Dispose();

        var options = new TwoLayerTrainer.Options { HiddenUnits = 4, NumberOfEpochs = 3, BatchSize = 8, StandardizeInputs = false, Seed = 3, NumberOfThreads = 1 };
        TwoLayerTransformer a = ml.MulticlassClassification.Trainers.TwoLayer(options).Fit(plain);
        TwoLayerTransformer b = ml.MulticlassClassification.Trainers.TwoLayer(options).Fit(cached);
        Assert.Equal(a.Model.GetHiddenWeights(), b.Model.GetHiddenWeights());
        Assert.Equal(a.Model.GetOutputWeights(), b.Model.GetOutputWeights());
        Assert.Equal(a.History!.TrainingLoss, b.History!.TrainingLoss);
    }

    [Fact]
    public void TheReaderClosesTheCacheUnlessTheRowsAreReadFromIt()
    {
        var ml = new MLContext(seed: 1);
        var opened = new List<CachedSparseRows>();
        CachedSparseRows? Open(IDataView data, string column)
        {
            CachedSparseRows? rows = CachedSparseRows.TryCreate(data, column);
            opened.Add(rows!);
            return rows;
        }

        // Sparse rows are handed over: the cache stays open for the data set that reads from it.
        TrainingDataReadResult sparse = TrainingDataReader.Read(ml.Data.Cache(Rows(ml)), "Features", "Label", null, null, openCache: Open);
        Assert.True(Assert.IsType<SparseDataset>(sparse.Dataset).ReadsFromSource);
        Assert.False(Assert.Single(opened).IsDisposed);
        opened[0].Dispose();

        // Dense rows are copied: the cache is closed before Read returns.
        IDataView dense = ml.Data.Cache(ml.Data.LoadFromEnumerable(Enumerable.Range(0, 12).Select(i => new Row
        {
            Label = i % 2,
            Features = new VBuffer<float>(Slots, Enumerable.Range(0, Slots).Select(j => 1f + i + j).ToArray()),
        })));
        opened.Clear();
        Assert.IsType<DenseDataset>(TrainingDataReader.Read(dense, "Features", "Label", null, null, openCache: Open).Dataset);
        Assert.True(Assert.Single(opened).IsDisposed);
    }
}
