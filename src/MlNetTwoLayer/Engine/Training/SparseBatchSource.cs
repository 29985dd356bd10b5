using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;

namespace MlNetTwoLayer.Engine.Training;

/// <summary>
/// Batches from a <see cref="SparseDataset"/>: read in place when the order is fixed, else gathered
/// from a per-epoch permutation into CSR buffers of their own (grown to the widest batch, then reused).
/// </summary>
internal sealed class SparseBatchSource : IBatchSource
{
    private readonly SparseDataset _data;
    private readonly BatchWorkspace _ws;
    private readonly int _batch;
    private readonly bool _shuffle;
    private readonly int[] _order;
    private readonly int[] _rowStarts;
    private readonly bool _gather;
    private int[] _indices = new int[1024];
    private float[] _values = new float[1024];
    private int _next;

    /// <summary>Serves <paramref name="data"/> in batches of <paramref name="batch"/> rows.</summary>
    public SparseBatchSource(SparseDataset data, int batch, bool shuffle, BatchWorkspace ws)
    {
        _data = data;
        _batch = batch;
        _shuffle = shuffle;
        _ws = ws;
        // Rows in order in the data set's own arrays are handed over as they are; any other rows
        // (shuffled, picked by the hold-out split, or in an ML.NET cache) are gathered per batch.
        _gather = shuffle || !data.IsContiguous;
        _order = _gather ? Enumerable.Range(0, data.Rows).ToArray() : [];
        _rowStarts = _gather ? new int[batch + 1] : [];
    }

    public void BeginEpoch(SeededRandom random)
    {
        if (_shuffle)
        {
            random.Shuffle(_order);
        }
        _next = 0;
    }

    public bool NextBatch(out BatchView batch)
    {
        int start = _next;
        int rows = Math.Min(_batch, _data.Rows - start);
        if (rows <= 0)
        {
            batch = default;
            return false;
        }
        _next += rows;
        if (!_gather)
        {
            batch = new BatchView(_data.RowStarts, start, _data.Indices, _data.Values, _data.Labels, start, _data.Weights, start, rows, _data.Inputs);
            return true;
        }
        ReadOnlySpan<int> picked = _order.AsSpan(start, rows);
        _data.Gather(picked, _rowStarts, ref _indices, ref _values);
        for (int r = 0; r < rows; r++)
        {
            int source = picked[r];
            _ws.Labels[r] = _data.Labels[source];
            if (_data.Weights != null)
            {
                _ws.RowWeights[r] = _data.Weights[source];
            }
        }
        batch = new BatchView(_rowStarts, 0, _indices, _values, _ws.Labels, 0, _data.Weights == null ? null : _ws.RowWeights, 0, rows, _data.Inputs);
        return true;
    }
}
