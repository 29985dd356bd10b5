namespace MlNetTwoLayer.Engine.Data;

/// <summary>
/// Training rows in compressed sparse row (CSR) form: row r's non-zeros are
/// <c>Indices[RowStarts[r] .. RowStarts[r+1])</c> with <c>Values</c> beside them. Memory is
/// 8 bytes per non-zero plus 4 per row, never rows x inputs: what text and one-hot features need.
/// Class labels only: rows with regression targets are held dense (<see cref="DatasetBuilder"/>).
/// </summary>
internal sealed class SparseDataset : Dataset
{
    /// <summary>Wraps the given arrays (not copied) after checking their lengths agree.</summary>
    public SparseDataset(int[] rowStarts, int[] indices, float[] values, int[] labels, float[]? weights, int rows, int inputs, int classes)
        : base(labels, weights, rows, inputs, classes)
    {
        if (rowStarts.Length < rows + 1 || rowStarts[0] != 0 || indices.Length < rowStarts[rows] || values.Length < rowStarts[rows])
        {
            throw new ArgumentException($"CSR buffers are too short for {rows} rows.");
        }
        RowStarts = rowStarts;
        Indices = indices;
        Values = values;
    }

    /// <summary>Where each row's non-zeros start (rows + 1 entries; the last is the non-zero count).</summary>
    public int[] RowStarts { get; }

    /// <summary>Feature index of each non-zero, in [0, <see cref="Dataset.Inputs"/>).</summary>
    public int[] Indices { get; }

    /// <summary>Value of each non-zero.</summary>
    public float[] Values { get; }

    /// <inheritdoc/>
    public override long StoredValues => RowStarts[Rows];

    /// <inheritdoc/>
    public override Dataset Select(IReadOnlyList<int> rows)
    {
        var starts = new int[rows.Count + 1];
        long total = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            total += RowStarts[rows[i] + 1] - RowStarts[rows[i]];
            starts[i + 1] = (int)total;
        }
        var indices = new int[total];
        var values = new float[total];
        var labels = new int[rows.Count];
        float[]? weights = Weights == null ? null : new float[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            int from = RowStarts[rows[i]], count = RowStarts[rows[i] + 1] - from;
            Indices.AsSpan(from, count).CopyTo(indices.AsSpan(starts[i], count));
            Values.AsSpan(from, count).CopyTo(values.AsSpan(starts[i], count));
            labels[i] = Labels[rows[i]];
            if (weights != null)
            {
                weights[i] = Weights![rows[i]];
            }
        }
        return new SparseDataset(starts, indices, values, labels, weights, rows.Count, Inputs, Classes);
    }

    /// <inheritdoc/>
    public override Dataset WithWeights(float[] weights) => new SparseDataset(RowStarts, Indices, Values, Labels, weights, Rows, Inputs, Classes);
}
