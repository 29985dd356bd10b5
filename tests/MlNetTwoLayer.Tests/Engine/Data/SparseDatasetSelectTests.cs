using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Tests.Engine.Training;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Data;

/// <summary>Selecting rows (the hold-out split) shares the non-zeros; gathering reads back exactly the picked rows, from arrays or from a row source.</summary>
public class SparseDatasetSelectTests
{
    [Fact]
    public void SelectSharesTheNonZerosAndGatherReadsThePickedRows()
    {
        SparseDataset data = SparseTrainingTests.RandomSparse(40, 100, 9, 3, seed: 2);
        var picked = (SparseDataset)data.Select([5, 0, 39, 5, 17]);
        var again = (SparseDataset)picked.Select([4, 2, 0]); // rows 17, 39, 5 of the original
        Assert.False(picked.IsContiguous);
        Assert.Throws<InvalidOperationException>(() => picked.Indices);
        AssertRows(data, [17, 39, 5], again);
        AssertRows(data, [5, 0, 39, 5, 17], picked);
        Assert.Equal(new[] { 17, 39, 5 }.Sum(r => data.RowLength(r)), again.StoredValues);

        // The same rows from a source (as from an ML.NET cache): positions only, same rows back.
        var source = new ArraySource(data);
        var lengths = Enumerable.Range(0, data.Rows).Select(data.RowLength).ToArray();
        var fromSource = new SparseDataset(source, Enumerable.Range(0, data.Rows).Select(r => (long)r).ToArray(), lengths, data.Labels, null, data.Rows, data.Inputs, data.Classes);
        Assert.True(fromSource.ReadsFromSource);
        Assert.Equal(data.StoredValues, fromSource.StoredValues);
        AssertRows(data, [17, 39, 5], (SparseDataset)((SparseDataset)fromSource.Select([5, 0, 39, 5, 17])).Select([4, 2, 0]));
        Assert.Equal(new[] { data.Labels[17], data.Labels[39], data.Labels[5] }, again.Labels);
    }

    [Fact]
    public void ASourceRowThatChangedLengthIsAClearError()
    {
        SparseDataset data = SparseTrainingTests.RandomSparse(10, 50, 6, 2, seed: 3);
        var lengths = Enumerable.Range(0, data.Rows).Select(r => data.RowLength(r) + 1).ToArray();
        var wrong = new SparseDataset(new ArraySource(data), Enumerable.Range(0, data.Rows).Select(r => (long)r).ToArray(), lengths, data.Labels, null, data.Rows, data.Inputs, data.Classes);
        int[] starts = new int[2], indices = [];
        float[] floats = [];
        var e = Assert.Throws<InvalidOperationException>(() => wrong.Gather([0], starts, ref indices, ref floats));
        Assert.Contains("changed during training", e.Message);
    }

    private static void AssertRows(SparseDataset original, int[] rows, SparseDataset picked)
    {
        int[] starts = new int[rows.Length + 1], indices = new int[1];
        float[] values = new float[1];
        int total = picked.Gather(Enumerable.Range(0, rows.Length).ToArray(), starts, ref indices, ref values);
        Assert.Equal(starts[rows.Length], total);
        for (int i = 0; i < rows.Length; i++)
        {
            int from = original.RowStarts[rows[i]], to = original.RowStarts[rows[i] + 1];
            Assert.Equal(original.Indices[from..to], indices[starts[i]..starts[i + 1]]);
            Assert.Equal(original.Values[from..to], values[starts[i]..starts[i + 1]]);
            Assert.Equal(original.Labels[rows[i]], picked.Labels[i]);
        }
    }

    private sealed class ArraySource(SparseDataset data) : ISparseRowSource
    {
        public void Read(long position, SparseRow row)
        {
            int from = data.RowStarts[position], to = data.RowStarts[position + 1];
            row.Reset(to - from);
            for (int k = from; k < to; k++)
            {
                row.Append(data.Indices[k], data.Values[k]);
            }
        }
    }
}
