using Xunit;
using MlNetTwoLayer.Engine.Data;

namespace MlNetTwoLayer.Tests.Engine.Data;

/// <summary>
/// How much <see cref="GrowableRows"/> reserves: a view's row count is only a hint (a view may
/// over-report), so it is trusted up to <see cref="GrowableRows.MaxReservedValues"/> values; past that
/// the arrays double as rows really arrive, but never beyond the count the view gave. The handed-over
/// feature array's length shows what was reserved.
/// </summary>
public class GrowableRowsReservationTests
{
    private static DenseDataset Fill(int inputs, long? expectedRows, int rows)
    {
        var builder = new GrowableRows(inputs, weighted: false, expectedRows);
        var row = new float[inputs];
        for (int r = 0; r < rows; r++)
        {
            row[0] = r;
            builder.Add(row, 0, 1);
        }
        return builder.ToDataset(1);
    }

    [Fact]
    public void AKnownRowCountIsReservedExactly()
    {
        DenseDataset data = Fill(inputs: 4, expectedRows: 10, rows: 10);

        Assert.Equal(10, data.Rows);
        Assert.Equal(10 * 4, data.Features.Length);
    }

    [Fact]
    public void AnOverReportedRowCountReservesNoMoreThanTheTrustedShare()
    {
        const int inputs = 4096; // MaxReservedValues / 4096 = 1024 rows trusted
        DenseDataset data = Fill(inputs, expectedRows: 1_000_000, rows: 3);

        Assert.Equal(3, data.Rows);
        Assert.Equal(GrowableRows.MaxReservedValues, data.Features.Length);
    }

    [Fact]
    public void GrowthPastTheTrustedShareStopsAtTheReportedCount()
    {
        const int inputs = 4096, trusted = (int)(GrowableRows.MaxReservedValues / inputs), rows = trusted + 6;
        DenseDataset data = Fill(inputs, expectedRows: rows, rows);

        Assert.Equal(rows, data.Rows);
        Assert.Equal((long)rows * inputs, data.Features.Length); // not doubled to 2 x 1024 rows
        Assert.Equal(rows - 1, data.Features[(rows - 1) * inputs]);
    }
}
