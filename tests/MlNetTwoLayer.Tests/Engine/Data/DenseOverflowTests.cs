using MlNetTwoLayer.Engine.Data;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Data;

/// <summary>
/// A dense copy that would outgrow one array (a limit lowered here from 2^31 values so the test is
/// small): a classifier's rows carry on sparse with every value kept; regression rows, held dense
/// only, are refused with a message that says what to do.
/// </summary>
public class DenseOverflowTests
{
    private const int Inputs = 6;

    private static float Value(int row, int slot) => (row * 7 + slot * 3) % 5 == 0 ? 0f : row + slot / 10f;

    private static SparseRow Row(SparseRow row, int r)
    {
        row.Reset(Inputs);
        for (int j = 0; j < Inputs; j++)
        {
            if (Value(r, j) != 0)
            {
                row.Append(j, Value(r, j));
            }
        }
        return row;
    }

    [Fact]
    public void AClassifiersDenseRowsCarryOnSparsePastTheLimitWithEveryValueKept()
    {
        const int rows = 1500;
        var builder = new DatasetBuilder(Inputs, weighted: true, expectedRows: null, maxDenseValues: 1000L * Inputs);
        var row = new SparseRow();
        for (int r = 0; r < rows; r++)
        {
            builder.Add(Row(row, r), r % 3, 1f + r % 2);
        }
        var data = Assert.IsType<SparseDataset>(builder.ToDataset(classes: 3));
        Assert.Equal(rows, data.Rows);
        for (int r = 0; r < rows; r++)
        {
            var dense = new float[Inputs];
            for (int k = data.RowStarts[r]; k < data.RowStarts[r + 1]; k++)
            {
                dense[data.Indices[k]] = data.Values[k];
            }
            Assert.Equal(Enumerable.Range(0, Inputs).Select(j => Value(r, j)), dense);
            Assert.Equal(r % 3, data.Labels[r]);
            Assert.Equal(1f + r % 2, data.Weights![r]);
        }
    }

    [Fact]
    public void BelowTheLimitTheRowsStayDense()
    {
        var builder = new DatasetBuilder(Inputs, weighted: false, expectedRows: null, maxDenseValues: 1000L * Inputs);
        var row = new SparseRow();
        for (int r = 0; r < 1000; r++)
        {
            builder.Add(Row(row, r), r % 3, 1f);
        }
        Assert.IsType<DenseDataset>(builder.ToDataset(classes: 3));
    }

    [Fact]
    public void RegressionRowsPastTheLimitAreRefusedNamingStreaming()
    {
        var builder = new DatasetBuilder(Inputs, weighted: false, expectedRows: null, withTargets: true, maxDenseValues: 1000L * Inputs);
        var row = new SparseRow();
        for (int r = 0; r < 1000; r++)
        {
            builder.Add(Row(row, r), 0, 1f, target: r);
        }
        var ex = Assert.Throws<InvalidOperationException>(() => builder.Add(Row(row, 1000), 0, 1f, target: 1000));
        Assert.Contains("more than one array can hold", ex.Message);
        Assert.Contains("TrainingDataMode.Streaming", ex.Message);
    }
}
