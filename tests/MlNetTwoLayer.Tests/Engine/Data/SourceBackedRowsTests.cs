using MlNetTwoLayer.Engine.Data;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Data;

/// <summary>
/// Sparse rows kept as positions in a source that already holds them (as in an ML.NET cache): the rows
/// of the 512-row sample and every row after it must read back with their own non-zeros, label and
/// weight, whatever growth happened on the way; the data set's argument and layout checks say what is wrong.
/// </summary>
public class SourceBackedRowsTests
{
    private const int Inputs = 40;

    /// <summary>Row r: (r mod 5) non-zeros at columns (3r + 7k) mod 40 (distinct for k &lt; 5), values r + k / 8; so at most 10% dense.</summary>
    private static (int[] Indices, float[] Values) RowOf(int r)
    {
        int count = r % 5;
        return (Enumerable.Range(0, count).Select(k => (3 * r + 7 * k) % Inputs).ToArray(), Enumerable.Range(0, count).Select(k => r + k / 8f).ToArray());
    }

    private static float Weight(int r) => 1 + r % 3;

    /// <summary>Rows stored at position 10 + 2r, so a position mix-up reads another row or none.</summary>
    private sealed class RowSource : ISparseRowSource
    {
        public void Read(long position, SparseRow row)
        {
            Assert.True(position >= 10 && position % 2 == 0, $"position {position} was never handed out");
            (int[] indices, float[] values) = RowOf((int)(position - 10) / 2);
            row.Reset(indices.Length);
            for (int k = 0; k < indices.Length; k++)
            {
                row.Append(indices[k], values[k]);
            }
        }
    }

    private static SparseDataset BuildFromSource(int rows, long? expectedRows, bool weighted)
    {
        var builder = new DatasetBuilder(Inputs, weighted, expectedRows, source: new RowSource());
        var row = new SparseRow();
        for (int r = 0; r < rows; r++)
        {
            new RowSource().Read(10 + 2 * r, row);
            builder.Add(row, r % 3, Weight(r), target: 0, position: 10 + 2 * r);
        }
        return Assert.IsType<SparseDataset>(builder.ToDataset(3));
    }

    private static void AssertReadsBack(SparseDataset data, int rows, bool weighted)
    {
        Assert.Equal(rows, data.Rows);
        Assert.Equal(Enumerable.Range(0, rows).Sum(r => (long)(r % 5)), data.StoredValues);
        Assert.Equal(Enumerable.Range(0, rows).Select(r => r % 3), data.Labels[..rows]);
        if (weighted)
        {
            Assert.Equal(Enumerable.Range(0, rows).Select(Weight), data.Weights![..rows]);
        }
        else
        {
            Assert.Null(data.Weights);
        }
        int[] all = Enumerable.Range(0, rows).ToArray();
        int[] starts = new int[rows + 1], indices = [];
        float[] values = [];
        data.Gather(all, starts, ref indices, ref values);
        for (int r = 0; r < rows; r++)
        {
            (int[] expectedIndices, float[] expectedValues) = RowOf(r);
            Assert.Equal(expectedIndices.Length, data.RowLength(r));
            Assert.Equal(expectedIndices, indices[starts[r]..starts[r + 1]]);
            Assert.Equal(expectedValues, values[starts[r]..starts[r + 1]]);
        }
    }

    [Theory]
    [InlineData(1300, 600L, true)] // an under-reported count: positions grow after the sample
    [InlineData(512, 512L, true)] // the sample fills the reserved rows exactly when the layout is decided
    [InlineData(1100, null, false)] // no count: past the 1024 rows reserved without one
    public void RowsAfterTheSampleAreKeptAsPositionsWithTheirLabelsAndWeights(int rows, long? expectedRows, bool weighted)
    {
        SparseDataset data = BuildFromSource(rows, expectedRows, weighted);

        Assert.True(data.ReadsFromSource);
        Assert.False(data.IsContiguous);
        AssertReadsBack(data, rows, weighted);
    }

    [Fact]
    public void NewWeightsOnSourceRowsKeepReadingTheSameRows()
    {
        SparseDataset data = BuildFromSource(600, 600L, weighted: false);
        float[] weights = Enumerable.Range(0, 600).Select(r => Weight(r)).ToArray();

        var weighted = Assert.IsType<SparseDataset>(data.WithWeights(weights));

        Assert.True(weighted.ReadsFromSource);
        Assert.Same(weights, weighted.Weights);
        AssertReadsBack(weighted, 600, weighted: true);
    }

    [Fact]
    public void TheBuilderCountsTheNonZerosOfRowsKeptAsPositions()
    {
        var builder = new SparseRowsBuilder(Inputs, weighted: false, expectedRows: null);
        (int[] indices, float[] values) = RowOf(2); // 2 non-zeros, copied, then kept as position 14
        builder.Add(indices, values, 2, 1f);
        builder.KeepPositionsOnly(new RowSource(), [14]);
        (indices, values) = RowOf(4); // 4 non-zeros, kept as position 18 only
        builder.Add(indices, values, 1, 1f, position: 18);

        Assert.Equal(2, builder.Count);
        Assert.Equal(6, builder.NonZeros);
        SparseDataset data = builder.ToDataset(3);
        Assert.Equal(6, data.StoredValues);
        Assert.Equal([2, 4], new[] { data.RowLength(0), data.RowLength(1) });
    }

    [Fact]
    public void PositionsThatDoNotMatchTheRowsAreRefused()
    {
        var builder = new SparseRowsBuilder(Inputs, weighted: false, expectedRows: null);
        builder.Add([1], [1f], 0, 1f);
        builder.Add([2], [2f], 1, 1f);
        builder.Add([3], [3f], 0, 1f);

        var e = Assert.Throws<ArgumentException>(() => builder.KeepPositionsOnly(new RowSource(), [10, 12]));

        Assert.Equal("positionsSoFar", e.ParamName);
        Assert.StartsWith("2 positions for 3 rows.", e.Message);
    }

    [Fact]
    public void ShortPositionOrLengthBuffersAreRefused()
    {
        long[] positions = [10, 12, 14];
        int[] lengths = [0, 1, 2];
        int[] labels = [0, 1, 2];

        var shortPositions = Assert.Throws<ArgumentException>(() => new SparseDataset(new RowSource(), positions[..2], lengths, labels, null, 3, Inputs, 3));
        var shortLengths = Assert.Throws<ArgumentException>(() => new SparseDataset(new RowSource(), positions, lengths[..2], labels, null, 3, Inputs, 3));

        Assert.Equal("Row positions are too short for 3 rows.", shortPositions.Message);
        Assert.Equal("Row positions are too short for 3 rows.", shortLengths.Message);
        Assert.Equal(3, new SparseDataset(new RowSource(), positions, lengths, labels, null, 3, Inputs, 3).StoredValues);
    }

    [Fact]
    public void RowsNotHeldAsOwnArraysRefuseTheArrayViewsNamingGather()
    {
        var builder = new SparseRowsBuilder(Inputs, weighted: false, expectedRows: null);
        builder.Add([1, 5], [1f, 2f], 0, 1f);
        builder.Add([2], [3f], 1, 1f);
        SparseDataset own = builder.ToDataset(2);
        var picked = (SparseDataset)own.Select([1, 0]);
        SparseDataset fromSource = BuildFromSource(3, null, weighted: false);

        Assert.Equal([0, 2, 3], own.RowStarts[..3]);
        foreach (SparseDataset notOwn in new[] { picked, fromSource })
        {
            foreach (Func<object> view in new Func<object>[] { () => notOwn.RowStarts, () => notOwn.Indices, () => notOwn.Values })
            {
                var e = Assert.Throws<InvalidOperationException>(view);
                Assert.Contains("read them with Gather", e.Message);
            }
        }
    }
}
