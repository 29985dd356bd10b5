using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;


namespace MlNetTwoLayer.Engine.Training;

/// <summary>
/// Batches from a <see cref="IRowStream"/> read anew each epoch, shuffled within a window: a
/// buffer of <c>window</c> rows is filled, then each incoming row takes the place of a randomly
/// chosen buffered row, which goes into the batch. Memory is the window plus one batch, whatever
/// the data's size.
/// </summary>
internal sealed class StreamingBatchSource : IBatchSource
{
    private readonly IRowStream _stream;
    private readonly BatchWorkspace _ws;
    private readonly int _batch, _inputs, _window;
    private readonly float[]? _classWeights;
    private readonly float[] _bufferFeatures;
    private readonly int[] _bufferLabels;
    private readonly float[] _bufferWeights;
    private readonly float[] _bufferTargets;
    private readonly bool _regression;
    private int _buffered;
    private bool _streamEnded;
    private SeededRandom? _random;

    /// <summary>The most feature values the shuffle window may hold (128 MiB of float32), whatever the window asked for.</summary>
    public const long MaxWindowValues = 1L << 25;

    /// <summary>
    /// The window really used: the one asked for, but never more rows than the counting pass found and
    /// never more than <see cref="MaxWindowValues"/> feature values, so a huge window or very wide
    /// features cannot ask for absurd memory.
    /// </summary>
    public static int EffectiveWindow(int requested, long rows, int inputs)
        => (int)Math.Max(1, Math.Min(Math.Min(requested, rows), MaxWindowValues / Math.Max(1, inputs)));

    /// <summary>Serves <paramref name="stream"/> in batches of <paramref name="batch"/> rows through a shuffle window of <paramref name="window"/> rows (0 or 1: no shuffle; capped first with <see cref="EffectiveWindow"/>).</summary>
    public StreamingBatchSource(IRowStream stream, int batch, int window, float[]? classWeights, BatchWorkspace ws, bool regression = false)
    {
        _regression = regression;
        _stream = stream;
        _batch = batch;
        _inputs = stream.Inputs;
        _window = Math.Max(1, window);
        _classWeights = classWeights;
        _ws = ws;
        _bufferFeatures = new float[(long)_window * _inputs];
        _bufferLabels = new int[_window];
        _bufferWeights = new float[_window];
        _bufferTargets = new float[_window];
    }

    /// <summary>True when rows carry a weight (an example weight or a class weight).</summary>
    public bool Weighted => _stream.Weighted || _classWeights != null;

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
        int rows = 0;
        while (rows < _batch && _buffered > 0)
        {
            int slot = _random!.NextInt(_buffered);
            Emit(slot, rows++);
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
        batch = new BatchView(_ws.Input, 0, _ws.Labels, 0, Weighted ? _ws.RowWeights : null, 0, rows, _inputs, _regression ? _ws.Targets : null);
        return true;
    }

    private bool Read(int slot)
    {
        if (_streamEnded)
        {
            return false;
        }
        if (!_stream.Next(_bufferFeatures.AsSpan(slot * _inputs, _inputs), out int label, out float target, out float weight))
        {
            _streamEnded = true;
            return false;
        }
        _bufferLabels[slot] = label;
        _bufferTargets[slot] = target;
        _bufferWeights[slot] = _classWeights == null ? weight : weight * _classWeights[label];
        return true;
    }

    private void Emit(int slot, int row)
    {
        _bufferFeatures.AsSpan(slot * _inputs, _inputs).CopyTo(_ws.Input.AsSpan(row * _inputs, _inputs));
        _ws.Labels[row] = _bufferLabels[slot];
        _ws.RowWeights[row] = _bufferWeights[slot];
        _ws.Targets[row] = _bufferTargets[slot];
    }

    private void Move(int from, int to)
    {
        if (from == to)
        {
            return;
        }
        _bufferFeatures.AsSpan(from * _inputs, _inputs).CopyTo(_bufferFeatures.AsSpan(to * _inputs, _inputs));
        _bufferLabels[to] = _bufferLabels[from];
        _bufferWeights[to] = _bufferWeights[from];
        _bufferTargets[to] = _bufferTargets[from];
    }
}
