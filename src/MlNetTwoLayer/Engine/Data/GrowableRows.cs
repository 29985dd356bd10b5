using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Engine.Data;

/// <summary>
/// Rows appended one at a time into flat arrays. When the row count is known up front the arrays
/// are allocated once at their final size, so reading costs one copy of the data and no more. The
/// count is only a hint (a view may over-report it): what is reserved from it up front is capped at
/// <see cref="MaxReservedValues"/> feature values, and growth past that follows the rows really read.
/// </summary>
internal sealed class GrowableRows
{
    /// <summary>The most feature values reserved on the row count's word alone (16 MiB of float32; beyond it, arrays double as rows arrive).</summary>
    public const long MaxReservedValues = 1L << 22;

    private readonly int _inputs;
    private readonly long _expectedRows;
    private readonly long _maxValues;
    private float[] _features;
    private int[] _labels;
    private float[]? _weights;
    private float[]? _targets;

    /// <summary>
    /// Prepares storage for rows of <paramref name="inputs"/> features; <paramref name="maxValues"/>
    /// (one array's limit unless a test says less) bounds rows x features. <paramref name="withTargets"/>
    /// keeps a regression target per row.
    /// </summary>
    public GrowableRows(int inputs, bool weighted, long? expectedRows, long maxValues = 0, bool withTargets = false)
    {
        _inputs = inputs;
        _expectedRows = expectedRows ?? 0;
        _maxValues = maxValues > 0 ? maxValues : Array.MaxLength;
        long trusted = Math.Max(1, MaxReservedValues / Math.Max(1, inputs));
        int capacity = (int)Math.Clamp(Math.Min(expectedRows ?? 1024, trusted), 1, Math.Max(1, _maxValues / Math.Max(1, inputs)));
        // A shuffled epoch reads these rows at random: huge pages save a TLB miss per row (see HugePages).
        _features = HugePages.NewFloats((long)capacity * inputs);
        _labels = new int[capacity];
        _weights = weighted ? new float[capacity] : null;
        _targets = withTargets ? new float[capacity] : null;
    }

    /// <summary>Rows held.</summary>
    public int Count { get; private set; }

    /// <summary>Appends a copy of one row.</summary>
    public void Add(ReadOnlySpan<float> features, int label, float weight, float target = 0)
    {
        if (Count == _labels.Length)
        {
            Grow();
        }
        features.CopyTo(_features.AsSpan(Count * _inputs, _inputs));
        _labels[Count] = label;
        if (_weights != null)
        {
            _weights[Count] = weight;
        }
        if (_targets != null)
        {
            _targets[Count] = target;
        }
        Count++;
    }

    /// <summary>Divides every weight by <paramref name="divisor"/>, in double (a no-op when unweighted).</summary>
    public void DivideWeights(double divisor)
    {
        if (_weights == null || divisor == 1)
        {
            return;
        }
        for (int i = 0; i < Count; i++)
        {
            _weights[i] = (float)(_weights[i] / divisor);
        }
    }

    /// <summary>The rows as a dataset; the arrays are handed over, not copied.</summary>
    public DenseDataset ToDataset(int classes) => new(_features, _labels, _weights, Count, _inputs, classes, _targets);

    private void Grow()
    {
        long limit = _maxValues / Math.Max(1, _inputs);
        if (Count >= limit)
        {
            throw new InvalidOperationException($"The training data has more than {limit} rows of {_inputs} features, more than one array can hold in memory ({_maxValues} values). " +
                "Set TwoLayerTrainer.Options.DataMode to TrainingDataMode.Streaming, or use fewer rows or features.");
        }
        // Doubling follows the rows really read; a row count that says more stops the doubling short of it.
        long doubled = Math.Max(16, (long)Count * 2);
        long target = _expectedRows > Count ? Math.Min(doubled, _expectedRows) : doubled;
        int capacity = (int)Math.Min(limit, target);
        float[] features = HugePages.NewFloats((long)capacity * _inputs);
        _features.AsSpan(0, Count * _inputs).CopyTo(features);
        _features = features;
        Array.Resize(ref _labels, capacity);
        if (_weights != null)
        {
            Array.Resize(ref _weights, capacity);
        }
        if (_targets != null)
        {
            Array.Resize(ref _targets, capacity);
        }
    }
}
