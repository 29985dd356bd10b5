using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Data;

/// <summary>
/// The sparse data pieces and the builder that picks the layout: every row's non-zeros, label and
/// weight must come out as they went in, whatever growth or sizing happened on the way.
/// </summary>
public class SparseDataTests
{
    private const int Inputs = 7;

    /// <summary>Row r: (r mod 5) non-zeros at columns (r + 2k) mod 7, values r + k / 4; label r mod 3; weight 1 + r mod 4.</summary>
    private static (int[] Indices, float[] Values) Row(int r)
    {
        int count = r % 5;
        return (Enumerable.Range(0, count).Select(k => (r + 2 * k) % Inputs).ToArray(), Enumerable.Range(0, count).Select(k => r + k / 4f).ToArray());
    }

    private static float Weight(int r) => 1 + r % 4;

    private static SparseRowsBuilder Build(int rows, bool weighted, long? expectedRows)
    {
        var builder = new SparseRowsBuilder(Inputs, weighted, expectedRows);
        for (int r = 0; r < rows; r++)
        {
            (int[] indices, float[] values) = Row(r);
            builder.Add(indices, values, r % 3, Weight(r));
        }
        return builder;
    }

    private static void AssertRows(SparseDataset data, int rows, bool weighted)
    {
        Assert.Equal((rows, Inputs, 3), (data.Rows, data.Inputs, data.Classes));
        Assert.Equal(0, data.RowStarts[0]);
        for (int r = 0; r < rows; r++)
        {
            (int[] indices, float[] values) = Row(r);
            int start = data.RowStarts[r], count = data.RowStarts[r + 1] - start;
            Assert.Equal(indices, data.Indices.AsSpan(start, count).ToArray());
            Assert.Equal(values, data.Values.AsSpan(start, count).ToArray());
            Assert.Equal(r % 3, data.Labels[r]);
        }
        if (weighted)
        {
            Assert.Equal(Enumerable.Range(0, rows).Select(Weight), data.Weights![..rows]);
        }
        else
        {
            Assert.Null(data.Weights);
        }
    }

    [Theory]
    [InlineData(1100, true, null)] // past the 1024 rows and 1024 values reserved without a count
    [InlineData(40, true, 2L)] // a count that under-reports: rows grow from 2
    [InlineData(700, false, 700L)] // the count is right: arrays sized once after 256 rows
    [InlineData(300, true, 100_000L)] // a count that over-reports: sized for it, trimmed at the end
    public void EveryRowComesOutAsItWentIn(int rows, bool weighted, long? expectedRows)
    {
        SparseRowsBuilder builder = Build(rows, weighted, expectedRows);
        long nonZeros = Enumerable.Range(0, rows).Sum(r => (long)(r % 5));

        SparseDataset data = builder.ToDataset(3);

        Assert.Equal(rows, builder.Count);
        Assert.Equal(nonZeros, builder.NonZeros);
        Assert.Equal(nonZeros, data.StoredValues);
        AssertRows(data, rows, weighted);
        Assert.True(data.Indices.Length <= nonZeros + nonZeros / 8 + 1024, "the slack of an over-reported count is trimmed");
        Assert.Equal(data.Indices.Length, data.Values.Length); // both arrays trimmed, not only the indices
    }

    // The limits below are one array's length (Array.MaxLength, 2^31 - 57), lowered through the internal
    // constructor and overload so that a few rows reach them.

    [Fact]
    public void TheBuilderTakesNonZerosUpToItsLimitAndRefusesTheNextSayingWhatToDo()
    {
        var builder = new SparseRowsBuilder(Inputs, weighted: true, expectedRows: 1, maxLength: 40);
        for (int r = 0; r <= 20; r++)
        {
            (int[] indices, float[] values) = Row(r);
            builder.Add(indices, values, r % 3, Weight(r));
        }
        Assert.Equal(40, builder.NonZeros); // exactly the limit (row 20 has none)

        (int[] more, float[] moreValues) = Row(21);
        var refused = Assert.Throws<InvalidOperationException>(() => builder.Add(more, moreValues, 0, 1));

        Assert.Equal("The training data has more than 40 non-zero feature values, more than one array can hold. " +
            "Set TwoLayerTrainer.Options.DataMode = TrainingDataMode.Streaming to read the rows each epoch instead, or use fewer rows or slots.", refused.Message);
        Assert.Equal(21, builder.Count); // the refused row left nothing behind
        AssertRows(builder.ToDataset(3), 21, weighted: true);
    }

    [Fact]
    public void TheBuilderTakesRowsUpToItsLimitAndRefusesTheNextSayingWhatToDo()
    {
        // Row offsets need one entry more than the rows, so an array limit of 40 holds 39 rows (grown 1, 16, 32, 39).
        var builder = new SparseRowsBuilder(Inputs, weighted: false, expectedRows: 1, maxLength: 40);
        for (int r = 0; r < 39; r++)
        {
            builder.Add([r % Inputs], [r], r % 3, 1);
        }

        var refused = Assert.Throws<InvalidOperationException>(() => builder.Add([0], [1f], 0, 1));

        Assert.Equal("The training data has more than 39 rows, more than one array can hold. Set TwoLayerTrainer.Options.DataMode = TrainingDataMode.Streaming.", refused.Message);
        SparseDataset data = builder.ToDataset(3);
        Assert.Equal(39, data.Rows);
        Assert.Equal(Enumerable.Range(0, 40), data.RowStarts[..40]);
        Assert.Equal(Enumerable.Range(0, 39).Select(r => (float)r), data.Values[..39]);
    }

    [Fact]
    public void AGatherTakesABatchOfNonZerosUpToItsLimitAndRefusesMoreNamingBatchSize()
    {
        SparseDataset data = Build(20, weighted: false, expectedRows: null).ToDataset(3); // 40 non-zeros
        int[] rows = Enumerable.Range(0, 20).ToArray();
        var rowStarts = new int[21];
        int[] indices = [];
        float[] values = [];

        Assert.Equal(40, data.Gather(rows, rowStarts, ref indices, ref values, maxNonZeros: 40));
        Assert.Equal(data.RowStarts[..21], rowStarts);
        Assert.Equal(data.Indices[..40], indices[..40]);

        int[] before = indices;
        var refused = Assert.Throws<InvalidOperationException>(() => data.Gather(rows, rowStarts, ref indices, ref values, maxNonZeros: 39));
        Assert.Equal("A batch of 20 rows has 40 non-zeros, more than one array can hold; use a smaller BatchSize.", refused.Message);
        Assert.Same(before, indices);
    }

    [Fact]
    public void DividingWeightsDividesEachRowsWeight()
    {
        SparseRowsBuilder weighted = Build(10, weighted: true, expectedRows: null);
        SparseRowsBuilder plain = Build(10, weighted: false, expectedRows: null);

        weighted.DivideWeights(4);
        plain.DivideWeights(4);

        Assert.Equal(Enumerable.Range(0, 10).Select(r => Weight(r) / 4), weighted.ToDataset(3).Weights![..10]);
        Assert.Null(plain.ToDataset(3).Weights);
    }

    [Fact]
    public void CopyingToDenseRowsScattersEachRowAndAddsRepeatedIndices()
    {
        var builder = new SparseRowsBuilder(3, weighted: true, expectedRows: null);
        builder.Add([2, 0, 2], [1f, 5f, 0.5f], 1, 3f);
        builder.Add([], [], 0, 2f);
        builder.Add([1], [-4f], 2, 0.5f);
        var dense = new GrowableRows(3, weighted: true, expectedRows: null);

        builder.CopyTo(dense);
        DenseDataset data = dense.ToDataset(3);

        Assert.Equal([5f, 0f, 1.5f, 0f, 0f, 0f, 0f, -4f, 0f], data.Features[..9]);
        Assert.Equal([1, 0, 2], data.Labels[..3]);
        Assert.Equal([3f, 2f, 0.5f], data.Weights![..3]);
        var unweighted = new SparseRowsBuilder(3, weighted: false, expectedRows: null);
        unweighted.Add([0], [1f], 0, 7f);
        var plainDense = new GrowableRows(3, weighted: true, expectedRows: null);
        unweighted.CopyTo(plainDense);
        Assert.Equal(1f, plainDense.ToDataset(1).Weights![0]); // no weights read means weight 1
    }

    [Fact]
    public void ASparseDataSetRefusesShortOrMisstartedBuffersAndSelectsRowsWithTheirWeights()
    {
        int[] starts = [0, 2, 2, 3];
        int[] indices = [4, 1, 0];
        float[] values = [1f, 2f, 3f];
        Assert.Throws<ArgumentException>(() => new SparseDataset([0, 2, 2], indices, values, [0, 1, 0], null, 3, 5, 2));
        Assert.Throws<ArgumentException>(() => new SparseDataset([1, 2, 2, 3], indices, values, [0, 1, 0], null, 3, 5, 2));
        Assert.Throws<ArgumentException>(() => new SparseDataset(starts, [4, 1], values, [0, 1, 0], null, 3, 5, 2));
        Assert.Throws<ArgumentException>(() => new SparseDataset(starts, indices, [1f, 2f], [0, 1, 0], null, 3, 5, 2));
        var data = new SparseDataset(starts, indices, values, [0, 1, 0], [0.5f, 2f, 4f], 3, 5, 2);

        var picked = (SparseDataset)data.Select([2, 0]);

        Assert.Equal(3, data.StoredValues);
        var pickedStarts = new int[3];
        int[] pickedIndices = [];
        float[] pickedValues = [];
        Assert.Equal(3, picked.Gather([0, 1], pickedStarts, ref pickedIndices, ref pickedValues));
        Assert.Equal([0, 1, 3], pickedStarts);
        Assert.Equal([0, 4, 1], pickedIndices[..3]);
        Assert.Equal([3f, 1f, 2f], pickedValues[..3]);
        Assert.Equal([0, 0], picked.Labels);
        Assert.Equal([4f, 0.5f], picked.Weights!);
        Assert.Null(((SparseDataset)new SparseDataset(starts, indices, values, [0, 1, 0], null, 3, 5, 2).Select([1])).Weights);
        Assert.Equal([9f, 9f, 9f], data.WithWeights([9f, 9f, 9f]).Weights!);
    }

    [Fact]
    public void ASparseRowGrowsKeepsItsEntriesAndScattersThemSummed()
    {
        var row = new SparseRow();
        row.Reset(40); // more than the 16 it starts with
        for (int i = 0; i < 40; i++)
        {
            row.Append(i % 6, i);
        }
        var copy = new SparseRow();
        copy.Append(5, 99f); // replaced by the copy
        copy.CopyFrom(row);
        var dense = new float[8];
        dense.AsSpan().Fill(-1);

        copy.ScatterTo(dense);

        Assert.Equal(40, copy.Count);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => i % 6), copy.IndexSpan.ToArray());
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (float)i), copy.ValueSpan.ToArray());
        float[] expected = new float[8];
        for (int i = 0; i < 40; i++)
        {
            expected[i % 6] += i;
        }
        Assert.Equal(expected, dense);
        row.Reset(3);
        Assert.Equal(0, row.Count);
        Assert.True(row.Indices.Length >= 40, "a smaller reset keeps the buffers");
    }

    [Fact]
    public void TargetStatisticsGiveTheWeightedMeanAndStandardDeviation()
    {
        float[] labels = [2f, -1f, 7.5f, 3f, 0.25f];
        float[] weights = [1f, 3f, 0.5f, 2f, 1.5f];
        var statistics = new TargetStatistics();
        for (int i = 0; i < labels.Length; i++)
        {
            statistics.Add(labels[i], weights[i]);
        }
        // Two passes in double, the textbook way.
        double total = weights.Sum(w => (double)w);
        double mean = labels.Zip(weights, (l, w) => (double)l * w).Sum() / total;
        double variance = labels.Zip(weights, (l, w) => w * (l - mean) * (l - mean)).Sum() / total;

        TargetScaling scaling = statistics.ToScaling();

        Assert.Equal(5, statistics.Count);
        Assert.Equal(mean, scaling.Offset, 1e-12);
        Assert.Equal(Math.Sqrt(variance), scaling.Scale, 1e-12);
    }

    [Theory]
    [InlineData(true, null, typeof(DenseDataset))] // every value set: dense
    [InlineData(false, null, typeof(SparseDataset))] // one value in seven: sparse
    [InlineData(true, true, typeof(SparseDataset))]
    [InlineData(false, false, typeof(DenseDataset))]
    public void TheBuilderPicksTheLayoutFromTheRowsOrAsForcedAndKeepsEveryRow(bool full, bool? forceSparse, Type layout)
    {
        const int Rows = 600; // past the 512-row sample the layout is decided on
        var builder = new DatasetBuilder(Inputs, weighted: true, expectedRows: Rows, forceSparse);
        var row = new SparseRow();
        var expected = new float[Rows * Inputs];
        for (int r = 0; r < Rows; r++)
        {
            row.Reset(Inputs);
            for (int j = 0; j < Inputs; j++)
            {
                if (full || j == r % Inputs)
                {
                    row.Append(j, r + j + 1);
                    expected[r * Inputs + j] = r + j + 1;
                }
            }
            builder.Add(row, r % 3, Weight(r));
        }
        builder.DivideWeights(2);

        Dataset data = builder.ToDataset(3);

        Assert.IsType(layout, data);
        Assert.Equal(Rows, data.Rows);
        Assert.Equal(Enumerable.Range(0, Rows).Select(r => r % 3), data.Labels[..Rows]);
        Assert.Equal(Enumerable.Range(0, Rows).Select(r => Weight(r) / 2), data.Weights![..Rows]);
        var dense = new float[Rows * Inputs];
        if (data is SparseDataset sparse)
        {
            for (int r = 0; r < Rows; r++)
            {
                for (int k = sparse.RowStarts[r]; k < sparse.RowStarts[r + 1]; k++)
                {
                    dense[r * Inputs + sparse.Indices[k]] += sparse.Values[k];
                }
            }
        }
        else
        {
            ((DenseDataset)data).Features.AsSpan(0, Rows * Inputs).CopyTo(dense);
        }
        Assert.Equal(expected, dense);
    }

    [Fact]
    public void AFewRowsAreDecidedAtTheEndAndRegressionTargetsStayDense()
    {
        var small = new DatasetBuilder(Inputs, weighted: false, expectedRows: null);
        var row = new SparseRow();
        row.Append(3, 2f);
        small.Add(row, 1, 1f);
        var regression = new DatasetBuilder(Inputs, weighted: false, expectedRows: null, withTargets: true);
        regression.Add(row, 0, 1f, target: 12.5f);
        regression.Add(row, 0, 1f, target: -3f);

        Dataset few = small.ToDataset(2);
        Dataset targets = regression.ToDataset(1);

        Assert.IsType<SparseDataset>(few); // one value in seven
        Assert.Equal(1, few.Rows);
        var dense = Assert.IsType<DenseDataset>(targets);
        Assert.Equal([12.5f, -3f], dense.Targets![..2]);
        Assert.Equal([0f, 0f, 0f, 2f, 0f, 0f, 0f], dense.Features[..Inputs]);
        Assert.Equal(0, new DatasetBuilder(Inputs, weighted: false, expectedRows: null).ToDataset(2).Rows);
    }
}
