using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;

namespace MlNetTwoLayer.Engine.Training;

/// <summary>
/// <see cref="StreamingBatchSource"/> for sparse rows: the same shuffle window, holding each buffered
/// row as its non-zeros, so the window costs O(window x non-zeros per row), not window x inputs.
/// </summary>
internal sealed class SparseStreamingBatchSource : IBatchSource
{
    private readonly ISparseRowStream _stream;
    private readonly BatchWorkspace _ws;
    private readonly int _batch, _window;
    private readonly float[]? _classWeights;
    private readonly SparseRow[] _buffer;
    private readonly int[] _bufferLabels;
    private readonly float[] _bufferWeights;
    private readonly int[] _rowStarts;
    private int[] _indices = new int[1024];
    private float[] _values = new float[1024];
    private int _buffered;
    private bool _streamEnded;
    private SeededRandom? _random;

    /// <summary>Serves <paramref name="stream"/> in batches of <paramref name="batch"/> rows through a shuffle window of <paramref name="window"/> rows (0 or 1: no shuffle).</summary>
    public SparseStreamingBatchSource(ISparseRowStream stream, int batch, int window, float[]? classWeights, BatchWorkspace ws)
    {
        _stream = stream;
        _batch = batch;
        _window = Math.Max(1, window);
        _classWeights = classWeights;
        _ws = ws;
        _buffer = new SparseRow[_window];
        for (int i = 0; i < _window; i++)
        {
            _buffer[i] = new SparseRow();
        }
        _bufferLabels = new int[_window];
        _bufferWeights = new float[_window];
        _rowStarts = new int[batch + 1];
    }

    private bool Weighted => _stream.Weighted || _classWeights != null;

    /// <inheritdoc/>
    public void BeginEpoch(SeededRandom random)
    {
        _random = random;
        _stream.Restart();
        _buffered = 0;
        _streamEnded = false;
        while (_buffered < _window && Read(_buffered))
        {
            _buffered++;
        }
    }

    /// <inheritdoc/>
    public bool NextBatch(out BatchView batch)
    {
        int rows = 0, at = 0;
        while (rows < _batch && _buffered > 0)
        {
            int slot = _random!.NextInt(_buffered);
            at = Emit(slot, rows++, at);
            if (_streamEnded || !Read(slot))
            {
                // Stream exhausted: drain the window by moving the last buffered row into the hole.
                _buffered--;
                Move(_buffered, slot);
            }
        }
        if (rows == 0)
        {
            batch = default;
            return false;
        }
        _rowStarts[rows] = at;
        batch = new BatchView(_rowStarts, 0, _indices, _values, _ws.Labels, 0, Weighted ? _ws.RowWeights : null, 0, rows, _stream.Inputs);
        return true;
    }

    private bool Read(int slot)
    {
        if (_streamEnded)
        {
            return false;
        }
        if (!_stream.NextSparse(_buffer[slot], out int label, out _, out float weight))
        {
            _streamEnded = true;
            return false;
        }
        _bufferLabels[slot] = label;
        _bufferWeights[slot] = _classWeights == null ? weight : weight * _classWeights[label];
        return true;
    }

    private int Emit(int slot, int row, int at)
    {
        SparseRow source = _buffer[slot];
        if (_indices.Length < at + source.Count)
        {
            Array.Resize(ref _indices, Math.Max(at + source.Count, _indices.Length * 2));
            Array.Resize(ref _values, _indices.Length);
        }
        _rowStarts[row] = at;
        source.IndexSpan.CopyTo(_indices.AsSpan(at));
        source.ValueSpan.CopyTo(_values.AsSpan(at));
        _ws.Labels[row] = _bufferLabels[slot];
        _ws.RowWeights[row] = _bufferWeights[slot];
        return at + source.Count;
    }

    private void Move(int from, int to)
    {
        if (from == to)
        {
            return;
        }
        // Swap the row objects rather than copy, so both keep their buffers.
        (_buffer[to], _buffer[from]) = (_buffer[from], _buffer[to]);
        _bufferLabels[to] = _bufferLabels[from];
        _bufferWeights[to] = _bufferWeights[from];
    }
}
