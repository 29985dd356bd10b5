namespace MlNetTwoLayer.Engine.Data;

/// <summary>
/// Collects training rows given as non-zeros, holding the first <see cref="DatasetLayout.SampleRows"/>
/// sparse, then choosing the layout from their density (<see cref="DatasetLayout.PreferSparse"/>) and
/// carrying on in it. Memory stays O(non-zeros) for sparse data and one dense copy for dense data.
/// </summary>
internal sealed class DatasetBuilder
{
    private readonly int _inputs;
    private readonly bool _weighted;
    private readonly long? _expectedRows;
    private readonly bool? _forceSparse;
    private readonly bool _standardizeInputs;
    private SparseRowsBuilder? _sparse;
    private GrowableRows? _dense;
    private float[]? _scratch;
    private bool _decided;
    private bool _sparseOnOverflow;
    private readonly ISparseRowSource? _source;
    private readonly long _maxDenseValues;
    private List<long>? _samplePositions;

    /// <summary>
    /// Prepares for rows of <paramref name="inputs"/> slots; <paramref name="forceSparse"/> fixes the layout (tests, benchmarks);
    /// <paramref name="standardizeInputs"/> says whether training will standardise them (narrow data is then held dense: <see cref="DatasetLayout.PreferSparse"/>);
    /// sparse rows of a <paramref name="source"/> that holds them (an ML.NET cache) are kept as positions in it.
    /// <paramref name="maxDenseValues"/> (one array's limit unless a test says less) bounds a dense copy's rows x slots:
    /// a classifier's rows carry on sparse past it, regression rows (dense only) are refused with a message naming streaming.
    /// </summary>
    public DatasetBuilder(int inputs, bool weighted, long? expectedRows, bool? forceSparse = null, bool withTargets = false, bool standardizeInputs = false,
        ISparseRowSource? source = null, long maxDenseValues = 0)
    {
        _maxDenseValues = maxDenseValues > 0 ? maxDenseValues : Array.MaxLength;
        _standardizeInputs = standardizeInputs;
        _source = withTargets ? null : source;
        _samplePositions = _source == null ? null : new List<long>();
        if (withTargets)
        {
            // Regression targets are held by the dense layout only (the sparse path trains classifiers).
            _dense = new GrowableRows(inputs, weighted, expectedRows, _maxDenseValues, withTargets: true);
            _scratch = new float[inputs];
            _decided = true;
        }
        _inputs = inputs;
        _weighted = weighted;
        _expectedRows = expectedRows;
        _forceSparse = forceSparse;
        if (!withTargets)
        {
            _sparse = new SparseRowsBuilder(inputs, weighted, expectedRows);
        }
    }

    /// <summary>Appends one row.</summary>
    public void Add(SparseRow row, int label, float weight, float target = 0) => Add(row, label, weight, target, position: -1);

    /// <summary>Appends one row, read from <paramref name="position"/> of the source given to the constructor, if any.</summary>
    public void Add(SparseRow row, int label, float weight, float target, long position)
    {
        if (_dense != null)
        {
            if (_sparseOnOverflow && (long)(_dense.Count + 1) * _inputs > _maxDenseValues)
            {
                // One more dense row would not fit in one array: carry on sparse (slower, never refused).
                // Decided here, on rows actually read, not from the view's row count, which is only a hint.
                _sparse = ToSparse(_dense.ToDataset(classes: 0));
                _dense = null;
                _sparse.Add(row.IndexSpan, row.ValueSpan, label, weight);
                return;
            }
            row.ScatterTo(_scratch!);
            _dense.Add(_scratch, label, weight, target);
            return;
        }
        _sparse!.Add(row.IndexSpan, row.ValueSpan, label, weight, position);
        _samplePositions?.Add(position);
        if (!_decided && _sparse.Count >= DatasetLayout.SampleRows)
        {
            Decide();
        }
    }

    /// <summary>Divides every row weight by <paramref name="divisor"/> (the mean weight).</summary>
    public void DivideWeights(double divisor)
    {
        _dense?.DivideWeights(divisor);
        _sparse?.DivideWeights(divisor);
    }

    /// <summary>The rows, dense or sparse as decided.</summary>
    public Dataset ToDataset(int classes)
    {
        if (!_decided)
        {
            Decide();
        }
        return _dense != null ? _dense.ToDataset(classes) : _sparse!.ToDataset(classes);
    }

    private void Decide()
    {
        _decided = true;
        SparseRowsBuilder sample = _sparse!;
        double density = sample.Count == 0 ? 1 : sample.NonZeros / ((double)sample.Count * _inputs);
        if (_forceSparse ?? DatasetLayout.PreferSparse(density, _inputs, _standardizeInputs))
        {
            if (_source != null)
            {
                // The source (an ML.NET cache) already holds every row's non-zeros: keep positions only.
                sample.KeepPositionsOnly(_source, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_samplePositions));
            }
            _samplePositions = null;
            return;
        }
        _samplePositions = null;
        _dense = new GrowableRows(_inputs, _weighted, _expectedRows, _maxDenseValues);
        _scratch = new float[_inputs];
        _sparseOnOverflow = _forceSparse == null;
        sample.CopyTo(_dense);
        _sparse = null;
    }

    private SparseRowsBuilder ToSparse(DenseDataset rows)
    {
        var sparse = new SparseRowsBuilder(_inputs, _weighted, _expectedRows);
        var indices = new List<int>();
        var values = new List<float>();
        for (int r = 0; r < rows.Rows; r++)
        {
            indices.Clear();
            values.Clear();
            ReadOnlySpan<float> features = rows.Features.AsSpan(r * _inputs, _inputs);
            for (int j = 0; j < features.Length; j++)
            {
                if (features[j] != 0)
                {
                    indices.Add(j);
                    values.Add(features[j]);
                }
            }
            sparse.Add(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(indices), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values),
                rows.Labels[r], rows.Weights?[r] ?? 1);
        }
        return sparse;
    }
}
