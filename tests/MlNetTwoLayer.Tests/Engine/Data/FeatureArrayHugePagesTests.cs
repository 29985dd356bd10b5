using Xunit;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Training;
using MlNetTwoLayer.Tests.Engine.Numerics;

namespace MlNetTwoLayer.Tests.Engine.Data;

/// <summary>
/// A shuffled epoch reads a dense data set's rows at random, so every large feature array the
/// engine fills (read rows, a grown buffer, a selection, the standardised copy) asks for huge pages
/// before it is written. Seen as in <see cref="HugePagesTests"/>: the array's whole 2 MB pages carry
/// the advice flag in /proc/self/smaps; where that cannot be seen the tests return.
/// </summary>
public class FeatureArrayHugePagesTests
{
    private const long Huge = 2L << 20;

    /// <summary>1024 features: 8192 rows make the 32 MB at which advice starts.</summary>
    private const int Inputs = 1024, Rows = 8192;

    private static void AssertWholeHugePagesAdvised(float[] array, string what)
    {
        long p = HugePagesTests.Address(array), bytes = (long)array.Length * sizeof(float);
        long start = (p + Huge - 1) & ~(Huge - 1), end = (p + bytes) & ~(Huge - 1);
        Assert.True(end > start, "the array must span a whole 2 MB page");
        HashSet<long> advised = HugePagesTests.AdvisedPages(start, end);
        Assert.True(advised.Count == (end - start) / 4096, $"{what}: {advised.Count} of {(end - start) / 4096} pages advised");
    }

    private static DenseDataset Large()
    {
        var rows = new GrowableRows(Inputs, weighted: false, expectedRows: Rows);
        var row = new float[Inputs];
        for (int r = 0; r < Rows; r++)
        {
            row[r % Inputs] = r;
            rows.Add(row, r % 3, 1);
        }
        return rows.ToDataset(3);
    }

    [Fact]
    public void RowsReadWithAKnownCountAreAdvised()
    {
        if (!HugePagesTests.Observable)
        {
            return;
        }
        AssertWholeHugePagesAdvised(Large().Features, "rows read with a known count");
    }

    [Fact]
    public void ABufferGrownPast32MBIsAdvised()
    {
        if (!HugePagesTests.Observable)
        {
            return;
        }
        var rows = new GrowableRows(Inputs, weighted: false, expectedRows: null);
        var row = new float[Inputs];
        for (int r = 0; r < Rows; r++)
        {
            row[0] = r;
            rows.Add(row, 0, 1);
        }
        DenseDataset grown = rows.ToDataset(1);
        Assert.Equal(Rows, grown.Rows);
        Assert.Equal(Rows - 1, grown.Features[(Rows - 1) * Inputs]); // the rows copied across each growth
        AssertWholeHugePagesAdvised(grown.Features, "a grown buffer");
    }

    [Fact]
    public void ASelectionAndTheStandardisedCopyAreAdvised()
    {
        if (!HugePagesTests.Observable)
        {
            return;
        }
        DenseDataset data = Large();
        var selected = (DenseDataset)data.Select([.. Enumerable.Range(0, Rows)]);
        AssertWholeHugePagesAdvised(selected.Features, "a selection");
        DenseDataset standardised = InputStandardizer.Fit(data).Apply(data);
        AssertWholeHugePagesAdvised(standardised.Features, "the standardised copy");
    }
}
