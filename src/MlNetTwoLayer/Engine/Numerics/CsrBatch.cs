namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>
/// A batch of rows in compressed sparse row form, as slices of a data set's arrays or of a
/// workspace's gather buffers: row r's non-zeros are <c>Indices[RowStarts[r] .. RowStarts[r+1])</c>
/// (offsets are absolute into <see cref="Indices"/> and <see cref="Values"/>).
/// </summary>
internal readonly ref struct CsrBatch
{
    /// <summary>Describes <paramref name="rows"/> rows; <paramref name="rowStarts"/> holds rows + 1 offsets.</summary>
    public CsrBatch(ReadOnlySpan<int> rowStarts, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, int rows, int inputs)
    {
        RowStarts = rowStarts;
        Indices = indices;
        Values = values;
        Rows = rows;
        Inputs = inputs;
    }

    /// <summary>rows + 1 offsets into <see cref="Indices"/>.</summary>
    public ReadOnlySpan<int> RowStarts { get; }

    /// <summary>Feature index of each non-zero.</summary>
    public ReadOnlySpan<int> Indices { get; }

    /// <summary>Value of each non-zero.</summary>
    public ReadOnlySpan<float> Values { get; }

    /// <summary>Rows in the batch.</summary>
    public int Rows { get; }

    /// <summary>Slots per row (the width of the dense equivalent).</summary>
    public int Inputs { get; }

    /// <summary>Non-zeros in the batch.</summary>
    public int NonZeros => RowStarts[Rows] - RowStarts[0];
}
