namespace MlNetTwoLayer.Engine.Data;

/// <summary>
/// Rows appended one at a time into CSR arrays that double as they fill. The non-zero count is
/// limited by one .NET array (2^31 - 1 entries); past that the message says what to do.
/// </summary>
internal sealed class SparseRowsBuilder
{
    private readonly int _inputs;
    private int[] _rowStarts;
    private int[] _indices;
    private float[] _values;
    private int[] _labels;
    private float[]? _weights;
    private long _nonZeros;

    /// <summary>Prepares storage for rows of <paramref name="inputs"/> slots.</summary>
    public SparseRowsBuilder(int inputs, bool weighted, long? expectedRows)
    {
        _inputs = inputs;
        int capacity = (int)Math.Clamp(expectedRows ?? 1024, 1, Array.MaxLength - 1);
        _rowStarts = new int[capacity + 1];
        _labels = new int[capacity];
        _weights = weighted ? new float[capacity] : null;
        _indices = new int[1024];
        _values = new float[1024];
    }

    /// <summary>Rows held.</summary>
    public int Count { get; private set; }

    /// <summary>Non-zeros held.</summary>
    public long NonZeros => _nonZeros;

    /// <summary>Appends a copy of one row's non-zeros.</summary>
    public void Add(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, int label, float weight)
    {
        if (Count == _labels.Length)
        {
            GrowRows();
        }
        long end = _nonZeros + indices.Length;
        if (end > Array.MaxLength)
        {
            throw new InvalidOperationException(
                $"The training data has more than {Array.MaxLength} non-zero feature values, more than one array can hold. " +
                "Set TwoLayerTrainer.Options.DataMode = TrainingDataMode.Streaming to read the rows each epoch instead, or use fewer rows or slots.");
        }
        if (end > _indices.Length)
        {
            int size = (int)Math.Min(Array.MaxLength, Math.Max(end, (long)_indices.Length * 2));
            Array.Resize(ref _indices, size);
            Array.Resize(ref _values, size);
        }
        indices.CopyTo(_indices.AsSpan((int)_nonZeros));
        values.CopyTo(_values.AsSpan((int)_nonZeros));
        _nonZeros = end;
        _labels[Count] = label;
        if (_weights != null)
        {
            _weights[Count] = weight;
        }
        Count++;
        _rowStarts[Count] = (int)_nonZeros;
    }

    /// <summary>Appends every row of this builder to <paramref name="dense"/> (used when the layout is decided after a sample).</summary>
    public void CopyTo(GrowableRows dense)
    {
        var row = new float[_inputs];
        for (int r = 0; r < Count; r++)
        {
            row.AsSpan().Clear();
            for (int k = _rowStarts[r]; k < _rowStarts[r + 1]; k++)
            {
                row[_indices[k]] += _values[k];
            }
            dense.Add(row, _labels[r], _weights?[r] ?? 1f);
        }
    }

    /// <summary>The rows as a data set; the arrays are handed over (trimmed to size), not kept.</summary>
    public SparseDataset ToDataset(int classes)
    {
        // Trim so the data set holds what it needs and no doubling slack.
        Array.Resize(ref _indices, (int)_nonZeros);
        Array.Resize(ref _values, (int)_nonZeros);
        return new SparseDataset(_rowStarts, _indices, _values, _labels, _weights, Count, _inputs, classes);
    }

    private void GrowRows()
    {
        int capacity = (int)Math.Min(Array.MaxLength - 1, Math.Max(16, (long)Count * 2));
        if (capacity <= Count)
        {
            throw new InvalidOperationException($"The training data has more than {Count} rows, more than one array can hold. Set TwoLayerTrainer.Options.DataMode = TrainingDataMode.Streaming.");
        }
        Array.Resize(ref _rowStarts, capacity + 1);
        Array.Resize(ref _labels, capacity);
        if (_weights != null)
        {
            Array.Resize(ref _weights, capacity);
        }
    }
}
