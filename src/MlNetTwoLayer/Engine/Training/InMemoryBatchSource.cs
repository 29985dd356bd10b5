using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;
using System.Runtime.Intrinsics.X86;
using MlNetTwoLayer.Engine.Numerics;


namespace MlNetTwoLayer.Engine.Training;

/// <summary>
/// Batches from the dense data set: read in place when the order is fixed (full batch, or no
/// shuffle), else gathered from a per-epoch permutation into the workspace's buffers. The gather is
/// cut into fixed bands of rows that the GEMM engine's threads share, so on a wide data set (a random
/// row is a cache miss per line) it is not one thread's memory latency in front of every product.
/// </summary>
internal sealed class InMemoryBatchSource : IBatchSource, IGemmParallelJob
{
    /// <summary>Bytes of features per gather band: 20 rows of MNIST, worth a hand-off; a batch of narrow rows is one band.</summary>
    private const int BandBytes = 64 * 1024;

    /// <summary>How many rows ahead the gather prefetches.</summary>
    private const int PrefetchDistance = 2;

    /// <summary>Floats in a 64-byte cache line.</summary>
    private const int FloatsPerLine = 16;

    private readonly DenseDataset _data;
    private readonly BatchWorkspace _ws;
    private readonly int _batch;
    private readonly bool _shuffle;
    private readonly int[] _order;
    private int _next;
    private int _bandStart;
    private int _rows;
    private readonly int _rowsPerBand;

    /// <summary>Serves <paramref name="data"/> in batches of <paramref name="batch"/> rows.</summary>
    public InMemoryBatchSource(DenseDataset data, int batch, bool shuffle, BatchWorkspace ws)
    {
        _data = data;
        _batch = batch;
        _shuffle = shuffle;
        _ws = ws;
        _order = shuffle ? Enumerable.Range(0, data.Rows).ToArray() : [];
        _rowsPerBand = Math.Max(1, BandBytes / (sizeof(float) * Math.Max(1, data.Inputs)));
    }

    /// <inheritdoc/>
    public int Bands => (_rows + _rowsPerBand - 1) / _rowsPerBand;

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
        _bandStart = start;
        _rows = rows;
        _ws.Gemm.RunParallel(this);
        batch = new BatchView(_ws.Input, 0, _ws.Labels, 0, _data.Weights == null ? null : _ws.RowWeights, 0, rows, inputs, _data.Targets == null ? null : _ws.Targets);
        return true;
    }

    /// <inheritdoc/>
    public unsafe void Execute(int band, int slot)
    {
        int inputs = _data.Inputs;
        int first = band * _rowsPerBand, end = Math.Min(_rows, first + _rowsPerBand);
        fixed (float* features = _data.Features)
        {
            for (int r = first; r < end; r++)
            {
                // A shuffled row is a cache miss per line: ask for the lines of the row PrefetchDistance
                // ahead while this one is copied, so the misses overlap instead of queueing. Into L2
                // (prefetcht1), not L1: prefetcht0's 49 requests per MNIST row held the L1 miss buffers
                // the copy's own loads need; measured on Zen 4, the MNIST-shape gather took 35-37 ms an
                // epoch with prefetcht0 and 22 ms with prefetcht1 (a sequential copy of the same bytes: 12 ms).
                if (Sse.IsSupported && r + PrefetchDistance < end)
                {
                    float* ahead = features + (long)_order[_bandStart + r + PrefetchDistance] * inputs;
                    for (int j = 0; j < inputs; j += FloatsPerLine)
                    {
                        Sse.Prefetch1(ahead + j);
                    }
                }
                int source = _order[_bandStart + r];
                new ReadOnlySpan<float>(features + (long)source * inputs, inputs).CopyTo(_ws.Input.AsSpan(r * inputs, inputs));
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
        }
    }
}
