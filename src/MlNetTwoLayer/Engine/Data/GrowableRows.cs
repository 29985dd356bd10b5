
namespace MlNetTwoLayer.Engine.Data;

/// <summary>
/// Rows appended one at a time into flat arrays. When the row count is known up front the arrays
/// are allocated once at their final size, so reading costs one copy of the data and no more.
/// </summary>
internal sealed class GrowableRows
{
    private readonly int _inputs;
    private float[] _features;
    private int[] _labels;
    private float[]? _weights;

    /// <summary>Prepares storage for rows of <paramref name="inputs"/> features.</summary>
    public GrowableRows(int inputs, bool weighted, long? expectedRows)
    {
        _inputs = inputs;
        int capacity = (int)Math.Clamp(expectedRows ?? 1024, 1, Array.MaxLength / Math.Max(1, inputs));
        _features = new float[(long)capacity * inputs];
        _labels = new int[capacity];
        _weights = weighted ? new float[capacity] : null;
    }

    /// <summary>Rows held.</summary>
    public int Count { get; private set; }

    /// <summary>Appends a copy of one row.</summary>
    public void Add(ReadOnlySpan<float> features, int label, float weight)
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
        Count++;
    }

    /// <summary>The rows as a dataset; the arrays are handed over, not copied.</summary>
    public DenseDataset ToDataset(int classes) => new(_features, _labels, _weights, Count, _inputs, classes);

    private void Grow()
    {
        long limit = Array.MaxLength / Math.Max(1, _inputs);
        if (Count >= limit)
        {
            throw new InvalidOperationException($"The training data has more than {limit} rows of {_inputs} features, more than one array can hold. " +
                "Set TwoLayerTrainer.Options.DataMode = TrainingDataMode.Streaming to read the rows each epoch instead, or use fewer rows or slots.");
        }
        int capacity = (int)Math.Min(limit, Math.Max(16, (long)Count * 2));
        Array.Resize(ref _features, capacity * _inputs);
        Array.Resize(ref _labels, capacity);
        if (_weights != null)
        {
            Array.Resize(ref _weights, capacity);
        }
    }
}
