namespace MlNetTwoLayer.Engine.Data;

/// <summary>
/// Training rows as their non-zeros, stored one of two ways:
/// <list type="bullet">
/// <item>compressed sparse rows (CSR) of its own: row r's non-zeros are
/// <c>Indices[RowStarts[r] .. RowStarts[r+1])</c> with <c>Values</c> beside them, 8 bytes per non-zero
/// plus 4 per row, never rows x inputs;</item>
/// <item>positions in an <see cref="ISparseRowSource"/> that already holds the rows (an ML.NET cache),
/// 12 bytes per row, so a cached text pipeline does not hold its non-zeros twice.</item>
/// </list>
/// <see cref="Select"/> (the hold-out split) shares the storage and keeps only which rows it picked,
/// so splitting copies no non-zeros either. Consumers read rows through <see cref="Gather(ReadOnlySpan{int}, Span{int}, ref int[], ref float[])"/>, or
/// straight from the arrays when <see cref="IsContiguous"/>.
/// Class labels only: rows with regression targets are held dense (<see cref="DatasetBuilder"/>).
/// </summary>
internal sealed class SparseDataset : Dataset
{
    private readonly int[]? _rowStarts;
    private readonly int[]? _indices;
    private readonly float[]? _values;
    private readonly int[]? _map;
    private readonly ISparseRowSource? _source;
    private readonly long[]? _positions;
    private readonly int[]? _lengths;
    private readonly long _nonZeros;
    private readonly SparseRow _scratch = new();

    /// <summary>Wraps the given arrays (not copied) after checking their lengths agree.</summary>
    public SparseDataset(int[] rowStarts, int[] indices, float[] values, int[] labels, float[]? weights, int rows, int inputs, int classes)
        : base(labels, weights, rows, inputs, classes)
    {
        if (rowStarts.Length < rows + 1 || rowStarts[0] != 0 || indices.Length < rowStarts[rows] || values.Length < rowStarts[rows])
        {
            throw new ArgumentException($"CSR buffers are too short for {rows} rows.");
        }
        _rowStarts = rowStarts;
        _indices = indices;
        _values = values;
        _nonZeros = rowStarts[rows];
    }

    /// <summary>Rows read from <paramref name="source"/> at <paramref name="positions"/>, row r having <paramref name="lengths"/>[r] non-zeros (arrays not copied).</summary>
    public SparseDataset(ISparseRowSource source, long[] positions, int[] lengths, int[] labels, float[]? weights, int rows, int inputs, int classes)
        : base(labels, weights, rows, inputs, classes)
    {
        if (positions.Length < rows || lengths.Length < rows)
        {
            throw new ArgumentException($"Row positions are too short for {rows} rows.");
        }
        _source = source;
        _positions = positions;
        _lengths = lengths;
        long total = 0;
        for (int r = 0; r < rows; r++)
        {
            total += lengths[r];
        }
        _nonZeros = total;
    }

    private SparseDataset(SparseDataset storage, int[] map, long nonZeros, int[] labels, float[]? weights, int rows)
        : base(labels, weights, rows, storage.Inputs, storage.Classes)
    {
        _rowStarts = storage._rowStarts;
        _indices = storage._indices;
        _values = storage._values;
        _map = map;
        _nonZeros = nonZeros;
    }

    private SparseDataset(SparseDataset storage, long[] positions, int[] lengths, long nonZeros, int[] labels, float[]? weights, int rows)
        : base(labels, weights, rows, storage.Inputs, storage.Classes)
    {
        _source = storage._source;
        _positions = positions;
        _lengths = lengths;
        _nonZeros = nonZeros;
    }

    /// <summary>
    /// The rows are this data set's own CSR arrays in order (<see cref="RowStarts"/>, <see cref="Indices"/>,
    /// <see cref="Values"/> describe them); false for rows in a source or picked by <see cref="Select"/>.
    /// </summary>
    public bool IsContiguous => _rowStarts != null && _map == null;

    /// <summary>The rows live in an <see cref="ISparseRowSource"/> (an ML.NET cache) rather than in arrays of this data set.</summary>
    public bool ReadsFromSource => _source != null;

    /// <summary>The source the rows are read from, if <see cref="ReadsFromSource"/>.</summary>
    public ISparseRowSource? Source => _source;

    /// <summary>Where each row's non-zeros start (rows + 1 entries; the last is the non-zero count). Only when <see cref="IsContiguous"/>.</summary>
    public int[] RowStarts => IsContiguous ? _rowStarts! : throw NotContiguous();

    /// <summary>Feature index of each non-zero, in [0, <see cref="Dataset.Inputs"/>). Only when <see cref="IsContiguous"/>.</summary>
    public int[] Indices => IsContiguous ? _indices! : throw NotContiguous();

    /// <summary>Value of each non-zero. Only when <see cref="IsContiguous"/>.</summary>
    public float[] Values => IsContiguous ? _values! : throw NotContiguous();

    /// <inheritdoc/>
    public override long StoredValues => _nonZeros;

    /// <summary>Non-zeros of row <paramref name="row"/>.</summary>
    public int RowLength(int row)
    {
        if (_lengths != null)
        {
            return _lengths[row];
        }
        int at = _map?[row] ?? row;
        return _rowStarts![at + 1] - _rowStarts[at];
    }

    /// <summary>
    /// Copies rows <paramref name="rows"/> one after the other into CSR buffers: <paramref name="rowStarts"/>
    /// (rows.Length + 1 entries, from 0) and <paramref name="indices"/>/<paramref name="values"/>, which
    /// are replaced by bigger arrays when too short. Not thread-safe (rows from a source share one reader).
    /// </summary>
    /// <returns>The non-zeros copied.</returns>
    public int Gather(ReadOnlySpan<int> rows, Span<int> rowStarts, ref int[] indices, ref float[] values)
        => Gather(rows, rowStarts, ref indices, ref values, Array.MaxLength);

    /// <summary>As <see cref="Gather(ReadOnlySpan{int}, Span{int}, ref int[], ref float[])"/>, refusing a batch of more than <paramref name="maxNonZeros"/> non-zeros (one array's worth).</summary>
    /// <remarks>Tests lower <paramref name="maxNonZeros"/> to reach the limit with a few rows instead of 2^31 non-zeros.</remarks>
    internal int Gather(ReadOnlySpan<int> rows, Span<int> rowStarts, ref int[] indices, ref float[] values, long maxNonZeros)
    {
        long total = 0;
        for (int r = 0; r < rows.Length; r++)
        {
            total += RowLength(rows[r]);
        }
        if (total > maxNonZeros)
        {
            throw new InvalidOperationException($"A batch of {rows.Length} rows has {total} non-zeros, more than one array can hold; use a smaller BatchSize.");
        }
        if (indices.Length < total)
        {
            int size = (int)Math.Min(Array.MaxLength, Math.Max(total, indices.Length * 2L));
            indices = new int[size];
            values = new float[size];
        }
        int at = 0;
        for (int r = 0; r < rows.Length; r++)
        {
            rowStarts[r] = at;
            int row = rows[r];
            if (_source != null)
            {
                _source.Read(_positions![row], _scratch);
                if (_scratch.Count != _lengths![row])
                {
                    throw new InvalidOperationException($"Row {_positions[row]} of the cached data now has {_scratch.Count} non-zeros, but {_lengths[row]} when it was first read; the data changed during training.");
                }
                _scratch.IndexSpan.CopyTo(indices.AsSpan(at));
                _scratch.ValueSpan.CopyTo(values.AsSpan(at));
                at += _scratch.Count;
                continue;
            }
            int from = _rowStarts![_map?[row] ?? row], count = _rowStarts[(_map?[row] ?? row) + 1] - from;
            _indices.AsSpan(from, count).CopyTo(indices.AsSpan(at));
            _values.AsSpan(from, count).CopyTo(values.AsSpan(at));
            at += count;
        }
        rowStarts[rows.Length] = at;
        return at;
    }

    /// <inheritdoc/>
    /// <remarks>The result shares this data set's non-zeros (arrays or source); only labels, weights and the row choice are new.</remarks>
    public override Dataset Select(IReadOnlyList<int> rows)
    {
        var labels = new int[rows.Count];
        float[]? weights = Weights == null ? null : new float[rows.Count];
        long total = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            labels[i] = Labels[rows[i]];
            if (weights != null)
            {
                weights[i] = Weights![rows[i]];
            }
            total += RowLength(rows[i]);
        }
        if (_source != null)
        {
            var positions = new long[rows.Count];
            var lengths = new int[rows.Count];
            for (int i = 0; i < rows.Count; i++)
            {
                positions[i] = _positions![rows[i]];
                lengths[i] = _lengths![rows[i]];
            }
            return new SparseDataset(this, positions, lengths, total, labels, weights, rows.Count);
        }
        var map = new int[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            map[i] = _map?[rows[i]] ?? rows[i];
        }
        return new SparseDataset(this, map, total, labels, weights, rows.Count);
    }

    /// <inheritdoc/>
    public override Dataset WithWeights(float[] weights)
    {
        if (_source != null)
        {
            return new SparseDataset(this, _positions!, _lengths!, _nonZeros, Labels, weights, Rows);
        }
        return _map != null
            ? new SparseDataset(this, _map, _nonZeros, Labels, weights, Rows)
            : new SparseDataset(_rowStarts!, _indices!, _values!, Labels, weights, Rows, Inputs, Classes);
    }

    private static InvalidOperationException NotContiguous()
        => new("These rows are not this data set's own contiguous CSR arrays (they are picked by Select or read from a source); read them with Gather.");
}
