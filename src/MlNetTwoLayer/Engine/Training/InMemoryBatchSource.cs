using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;


namespace MlNetTwoLayer.Engine.Training;

/// <summary>
/// Batches from the dense data set: read in place when the order is fixed (full batch, or no
/// shuffle), else gathered from a per-epoch permutation into the workspace's buffers.
/// </summary>
internal sealed class InMemoryBatchSource : IBatchSource
{
    private readonly DenseDataset _data;
    private readonly BatchWorkspace _ws;
    private readonly int _batch;
    private readonly bool _shuffle;
    private readonly int[] _order;
    private int _next;

    /// <summary>Serves <paramref name="data"/> in batches of <paramref name="batch"/> rows.</summary>
    public InMemoryBatchSource(DenseDataset data, int batch, bool shuffle, BatchWorkspace ws)
    {
        _data = data;
        _batch = batch;
        _shuffle = shuffle;
        _ws = ws;
        _order = shuffle ? Enumerable.Range(0, data.Rows).ToArray() : [];
    }

    /// <inheritdoc/>
    public void BeginEpoch(SeededRandom random)
    {
        if (_shuffle)
        {
            random.Shuffle(_order);
        }
        _next = 0;
    }

    /// <inheritdoc/>
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
        int inputs = _data.Inputs;
        if (!_shuffle)
        {
            batch = new BatchView(_data.Features, start * inputs, _data.Labels, start, _data.Weights, start, rows, inputs, _data.Targets, start);
            return true;
        }
        for (int r = 0; r < rows; r++)
        {
            int source = _order[start + r];
            _data.Features.AsSpan(source * inputs, inputs).CopyTo(_ws.Input.AsSpan(r * inputs, inputs));
            _ws.Labels[r] = _data.Labels[source];
            if (_data.Weights != null)
            {
                _ws.RowWeights[r] = _data.Weights[source];
            }
            if (_data.Targets != null)
            {
                _ws.Targets[r] = _data.Targets[source];
            }
        }
        batch = new BatchView(_ws.Input, 0, _ws.Labels, 0, _data.Weights == null ? null : _ws.RowWeights, 0, rows, inputs, _data.Targets == null ? null : _ws.Targets);
        return true;
    }
}
