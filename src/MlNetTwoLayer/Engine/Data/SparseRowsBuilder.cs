namespace MlNetTwoLayer.Engine.Data;

/// <summary>
/// Rows appended one at a time into CSR arrays that grow as they fill. The non-zero count is
/// limited by one .NET array (<see cref="Array.MaxLength"/> entries) and the rows to one fewer
/// (their offsets take one entry more); past that the message says what to do.
/// </summary>
internal sealed class SparseRowsBuilder
{
    private readonly int _inputs;
    private readonly long? _expectedRows;
    private int[] _rowStarts;
    private int[] _indices;
    private float[] _values;
    private int[] _labels;
    private float[]? _weights;
    private long _nonZeros;
    private ISparseRowSource? _source;
    private long[]? _positions;
    private int[]? _lengths;
    private readonly int _maxLength;

    /// <summary>Prepares storage for rows of <paramref name="inputs"/> slots.</summary>
    public SparseRowsBuilder(int inputs, bool weighted, long? expectedRows)
        : this(inputs, weighted, expectedRows, Array.MaxLength)
    {
    }

    /// <summary>As the public constructor, with <paramref name="maxLength"/> for the longest array (<see cref="Array.MaxLength"/>): at most that many non-zeros, and one row fewer.</summary>
    /// <remarks>Tests lower <paramref name="maxLength"/> to reach both limits and their messages with a few rows instead of 2^31.</remarks>
    internal SparseRowsBuilder(int inputs, bool weighted, long? expectedRows, int maxLength)
    {
        _maxLength = maxLength;
        _inputs = inputs;
        _expectedRows = expectedRows;
        // A row count is only a hint (a view may over-report it): reserve at most a bounded amount up front.
        int capacity = (int)Math.Clamp(expectedRows ?? 1024, 1, MaxReservedRows);
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
    public void Add(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, int label, float weight) => Add(indices, values, label, weight, position: -1);

    /// <summary>Appends one row read from position <paramref name="position"/> of the source given to <see cref="KeepPositionsOnly"/>, if any.</summary>
    public void Add(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, int label, float weight, long position)
    {
        if (Count == _labels.Length)
        {
            GrowRows();
        }
        if (_source != null)
        {
            // The source holds the non-zeros: keep where the row is and how long, not a copy.
            _positions![Count] = position;
            _lengths![Count] = indices.Length;
            _nonZeros += indices.Length;
            _labels[Count] = label;
            if (_weights != null)
            {
                _weights[Count] = weight;
            }
            Count++;
            return;
        }
        long end = _nonZeros + indices.Length;
        if (end > _maxLength)
        {
            throw new InvalidOperationException(
                $"The training data has more than {_maxLength} non-zero feature values, more than one array can hold. " +
                "Set TwoLayerTrainer.Options.DataMode = TrainingDataMode.Streaming to read the rows each epoch instead, or use fewer rows or slots.");
        }
        if (end > _indices.Length)
        {
            // Growing by half (not doubling) keeps the transient old + new copy, which is the peak, smaller.
            Reserve(Math.Max(end, _indices.Length + (long)_indices.Length / 2));
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
        if (Count == SizingRows && _expectedRows is long rows && rows > Count)
        {
            // Size the arrays once from the first rows' mean width and the known row count, so that
            // reading costs about one copy of the non-zeros rather than a chain of doublings.
            Reserve(Math.Min(MaxReservedValues, (long)(_nonZeros / (double)Count * rows * 1.1)));
        }
    }

    /// <summary>
    /// From now on rows are kept as positions in <paramref name="source"/> (which holds their non-zeros);
    /// the rows already added keep theirs, given by <paramref name="positionsSoFar"/>, and the CSR copy is dropped.
    /// </summary>
    public void KeepPositionsOnly(ISparseRowSource source, ReadOnlySpan<long> positionsSoFar)
    {
        if (positionsSoFar.Length != Count)
        {
            throw new ArgumentException($"{positionsSoFar.Length} positions for {Count} rows.", nameof(positionsSoFar));
        }
        _positions = new long[_labels.Length];
        _lengths = new int[_labels.Length];
        positionsSoFar.CopyTo(_positions);
        for (int r = 0; r < Count; r++)
        {
            _lengths[r] = _rowStarts[r + 1] - _rowStarts[r];
        }
        _source = source;
        _rowStarts = [];
        _indices = [];
        _values = [];
    }

    private const int SizingRows = 256;

    /// <summary>Most rows reserved from the hint (12 MB of row offsets, labels and weights).</summary>
    private const int MaxReservedRows = 1 << 20;

    /// <summary>Most non-zeros reserved from the hint (16 MB); past that the arrays grow by half as rows really come.</summary>
    private const long MaxReservedValues = GrowableRows.MaxReservedValues / 2;

    private void Reserve(long size)
    {
        size = Math.Min(Array.MaxLength, size);
        if (size > _indices.Length)
        {
            Array.Resize(ref _indices, (int)size);
            Array.Resize(ref _values, (int)size);
        }
    }

    /// <summary>Divides every row weight by <paramref name="divisor"/> (see <see cref="GrowableRows.DivideWeights"/>).</summary>
    public void DivideWeights(double divisor)
    {
        if (_weights == null)
        {
            return;
        }
        for (int r = 0; r < Count; r++)
        {
            _weights[r] = (float)(_weights[r] / divisor);
        }
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
        if (_source != null)
        {
            return new SparseDataset(_source, _positions!, _lengths!, _labels, _weights, Count, _inputs, classes);
        }
        // Trim only real slack: the trim itself briefly holds two copies.
        if (_indices.Length > _nonZeros + _nonZeros / 8 + 1024)
        {
            Array.Resize(ref _indices, (int)_nonZeros);
            Array.Resize(ref _values, (int)_nonZeros);
        }
        return new SparseDataset(_rowStarts, _indices, _values, _labels, _weights, Count, _inputs, classes);
    }

    private void GrowRows()
    {
        // Row offsets take one entry more than the rows.
        int capacity = (int)Math.Min(_maxLength - 1, Math.Max(16, (long)Count * 2));
        if (capacity <= Count)
        {
            throw new InvalidOperationException($"The training data has more than {Count} rows, more than one array can hold. Set TwoLayerTrainer.Options.DataMode = TrainingDataMode.Streaming.");
        }
        if (_source != null)
        {
            Array.Resize(ref _positions, capacity);
            Array.Resize(ref _lengths, capacity);
        }
        else
        {
            Array.Resize(ref _rowStarts, capacity + 1);
        }
        Array.Resize(ref _labels, capacity);
        if (_weights != null)
        {
            Array.Resize(ref _weights, capacity);
        }
    }
}
