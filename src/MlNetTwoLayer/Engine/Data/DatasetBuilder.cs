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
    private SparseRowsBuilder? _sparse;
    private GrowableRows? _dense;
    private float[]? _scratch;
    private bool _decided;

    /// <summary>Prepares for rows of <paramref name="inputs"/> slots; <paramref name="forceSparse"/> fixes the layout (tests, benchmarks).</summary>
    public DatasetBuilder(int inputs, bool weighted, long? expectedRows, bool? forceSparse = null, bool withTargets = false)
    {
        if (withTargets)
        {
            // Regression targets are held by the dense layout only (the sparse path trains classifiers).
            _dense = new GrowableRows(inputs, weighted, expectedRows, withTargets: true);
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
    public void Add(SparseRow row, int label, float weight, float target = 0)
    {
        if (_dense != null)
        {
            row.ScatterTo(_scratch!);
            _dense.Add(_scratch, label, weight, target);
            return;
        }
        _sparse!.Add(row.IndexSpan, row.ValueSpan, label, weight);
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
        if (_forceSparse ?? DatasetLayout.PreferSparse(density, _inputs, _expectedRows))
        {
            return;
        }
        _dense = new GrowableRows(_inputs, _weighted, _expectedRows);
        _scratch = new float[_inputs];
        sample.CopyTo(_dense);
        _sparse = null;
    }
}
