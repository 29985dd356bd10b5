using MlNetTwoLayer.Engine.Data;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Data;

/// <summary>
/// The engine's data set pieces on their own: class counts and balanced weights (an absent class
/// included), the data set's buffer checks, and rows growing past their first capacity.
/// </summary>
public class DataSetTests
{
    private static DenseDataset Labelled(int classes, params int[] labels) => new(new float[labels.Length], labels, null, labels.Length, 1, classes);

    [Fact]
    public void ClassCountsCountEachClassAndBalancedWeightsGiveAnAbsentClassOne()
    {
        // Classes 0, 1, 3 present (4, 1, 3 rows), class 2 absent.
        DenseDataset data = Labelled(4, 0, 3, 0, 1, 3, 0, 3, 0);

        Assert.Equal([4L, 1L, 0L, 3L], DatasetOperations.ClassCounts(data));
        // n / (classes · n_c) with n = 8 and 4 classes; the absent class neither divides by zero nor drops out.
        Assert.Equal([0.5f, 2f, 1f, 8f / 12f], DatasetOperations.BalancedClassWeights(data));
        Assert.Equal([0.5f, 2f, 1f, 8f / 12f], DatasetOperations.ResolveClassWeights(null, ClassWeighting.Balanced, [4, 1, 0, 3])!);
    }

    [Fact]
    public void ADataSetRefusesBuffersShorterThanItsRowsAndTakesExactOnes()
    {
        const int rows = 3, inputs = 2;
        // Exactly long enough: accepted, nothing copied.
        float[] features = new float[rows * inputs];
        var data = new DenseDataset(features, new int[rows], new float[rows], rows, inputs, 2, new float[rows]);
        Assert.Same(features, data.Features);
        Assert.Equal((rows, inputs, 2), (data.Rows, data.Inputs, data.Classes));

        void Short(float[] f, int[] l, float[]? w, float[]? t)
        {
            var ex = Assert.Throws<ArgumentException>(() => new DenseDataset(f, l, w, rows, inputs, 2, t));
            Assert.Contains("too short for 3 rows", ex.Message, StringComparison.Ordinal);
        }
        Short(new float[rows * inputs - 1], new int[rows], null, null);
        Short(new float[rows * inputs], new int[rows - 1], null, null);
        Short(new float[rows * inputs], new int[rows], new float[rows - 1], null);
        Short(new float[rows * inputs], new int[rows], null, new float[rows - 1]);
    }

    [Theory]
    [InlineData(null)] // no count: a default first capacity
    [InlineData(1L)] // a count that under-reports: growth from one row
    [InlineData(40L)] // a count that over-reports: only the rows read are kept
    public void RowsGrowPastTheirFirstCapacityAndKeepEveryValue(long? expectedRows)
    {
        const int inputs = 3, count = 1500;
        var rows = new GrowableRows(inputs, weighted: true, expectedRows, withTargets: true);
        for (int r = 0; r < count; r++)
        {
            rows.Add([r, -r, 0.5f * r], r % 5, 1 + r % 7, 2f * r);
        }
        Assert.Equal(count, rows.Count);
        rows.DivideWeights(2);

        DenseDataset data = rows.ToDataset(classes: 5);
        Assert.Equal(count, data.Rows);
        for (int r = 0; r < count; r++)
        {
            Assert.Equal([r, -r, 0.5f * r], data.Features.AsSpan(r * inputs, inputs).ToArray());
            Assert.Equal(r % 5, data.Labels[r]);
            Assert.Equal((1 + r % 7) / 2f, data.Weights![r]);
            Assert.Equal(2f * r, data.Targets![r]);
        }
    }

    [Fact]
    public void UnweightedRowsCarryNoWeights()
    {
        var rows = new GrowableRows(2, weighted: false, expectedRows: 2);
        rows.Add([1, 2], 1, 5);
        rows.Add([3, 4], 0, 5);
        rows.Add([5, 6], 1, 5);
        rows.DivideWeights(3);
        DenseDataset data = rows.ToDataset(classes: 2);
        Assert.Null(data.Weights);
        Assert.Null(data.Targets);
        Assert.Equal(3, data.TotalWeight());
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], data.Features.AsSpan(0, 6).ToArray());
    }
}
