using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MlNetTwoLayer.Engine.Numerics;


namespace MlNetTwoLayer.Engine.Training;

/// <summary>
/// Batches from the dense data set: read in place when the order is fixed (full batch, or no
/// shuffle), else gathered from a per-epoch permutation into the workspace's buffers. The gather is
/// cut into fixed bands of rows that the GEMM engine's threads share, so on a wide data set (a random
/// row is a cache miss per line) it is not one thread's memory latency in front of every product.
/// On more than one thread the next batch is gathered while the optimiser steps the current one
/// (<see cref="PrepareNextGather"/>): the gather is bound by memory, the step mostly by the caches, and
/// the two overlap in part (MNIST shape, 2 threads, session 8, median batches of 12 instances each: gather
/// and step 32.7 ms an epoch together against 35.0 one after the other).
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
    private readonly AheadGather _ahead;

    /// <summary>Serves <paramref name="data"/> in batches of <paramref name="batch"/> rows.</summary>
    public InMemoryBatchSource(DenseDataset data, int batch, bool shuffle, BatchWorkspace ws)
    {
        _data = data;
        _batch = batch;
        _shuffle = shuffle;
        _ws = ws;
        _order = shuffle ? Enumerable.Range(0, data.Rows).ToArray() : [];
        _rowsPerBand = Math.Max(1, BandBytes / (sizeof(float) * Math.Max(1, data.Inputs)));
        _ahead = new AheadGather(this);
    }

    /// <summary>Whether <see cref="PrepareNextGather"/> offers the next batch's gather (tests compare both ways).</summary>
    internal bool GatherAhead { get; set; } = true;

    /// <inheritdoc/>
    public int Bands => BandsFor(_rows);

    private int BandsFor(int rows) => (rows + _rowsPerBand - 1) / _rowsPerBand;

    /// <inheritdoc/>
    public void BeginEpoch(SeededRandom random)
    {
        if (_shuffle)
        {
            random.Shuffle(_order);
        }
        _ahead.Forget();
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
        if (!_ahead.Holds(start, rows))
        {
            _bandStart = start;
            _rows = rows;
            _ws.Gemm.RunParallel(this);
        }
        _ahead.Forget();
        batch = new BatchView(_ws.Input, 0, _ws.Labels, 0, _data.Weights == null ? null : _ws.RowWeights, 0, rows, inputs, _data.Targets == null ? null : _ws.Targets);
        return true;
    }

    /// <inheritdoc/>
    public IGemmParallelJob? PrepareNextGather()
    {
        int rows = Math.Min(_batch, _data.Rows - _next);
        // On one thread the bands would only run one after the other, interleaved with the optimiser's
        // chunks, which measured 1-2% slower than gathering in NextBatch (MNIST shape, session 8).
        if (!_shuffle || !GatherAhead || rows <= 0 || _ws.Gemm.Threads == 1)
        {
            return null;
        }
        _ahead.Prepare(_next, rows);
        return _ahead;
    }

    /// <inheritdoc/>
    public void Execute(int band, int slot) => GatherBand(band, _bandStart, _rows);

    /// <summary>Copies band <paramref name="band"/> of the <paramref name="rows"/> rows from position <paramref name="offset"/> of the order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void GatherBand(int band, int offset, int rows)
    {
        int inputs = _data.Inputs;
        int first = band * _rowsPerBand, end = Math.Min(rows, first + _rowsPerBand);
        int[] order = _order;
        bool prefetch = Sse.IsSupported;
        fixed (float* features = _data.Features, input = _ws.Input)
        {
            for (int r = first; r < end; r++)
            {
                // A shuffled row is a cache miss per line: ask for the lines of the row PrefetchDistance
                // ahead while this one is copied, so the misses overlap instead of queueing. Into L2
                // (prefetcht1), not L1: prefetcht0's 49 requests per MNIST row held the L1 miss buffers
                // the copy's own loads need; measured on Zen 4, the MNIST-shape gather took 35-37 ms an
                // epoch with prefetcht0 and 22 ms with prefetcht1 (a sequential copy of the same bytes: 12 ms).
                if (prefetch && r + PrefetchDistance < end)
                {
                    float* ahead = features + (long)order[offset + r + PrefetchDistance] * inputs;
                    for (int j = 0; j < inputs; j += FloatsPerLine)
                    {
                        Sse.Prefetch1(ahead + j);
                    }
                }
                CopyRow(features + (long)order[offset + r] * inputs, input + (long)r * inputs, inputs);
            }
        }
        // Labels, weights and targets in loops of their own: the row loop above stays a copy.
        int[] labels = _data.Labels, batchLabels = _ws.Labels;
        for (int r = first; r < end; r++)
        {
            batchLabels[r] = labels[order[offset + r]];
        }
        if (_data.Weights is float[] weights)
        {
            for (int r = first; r < end; r++)
            {
                _ws.RowWeights[r] = weights[order[offset + r]];
            }
        }
        if (_data.Targets is float[] targets)
        {
            for (int r = first; r < end; r++)
            {
                _ws.Targets[r] = targets[order[offset + r]];
            }
        }
    }

    /// <summary>
    /// The next batch's gather as a job of its own (<see cref="PrepareNextGather"/>): the same bands as
    /// <see cref="NextBatch"/>'s, into the same buffers, counted as they finish so that NextBatch uses the
    /// rows only if every band ran.
    /// </summary>
    private sealed class AheadGather : IGemmParallelJob
    {
        private readonly InMemoryBatchSource _source;
        private int _start = -1;
        private int _rows;
        private int _done;

        public AheadGather(InMemoryBatchSource source) => _source = source;

        public int Bands => _start < 0 ? 0 : _source.BandsFor(_rows);

        public void Prepare(int start, int rows)
        {
            _start = start;
            _rows = rows;
            _done = 0;
        }

        /// <summary>Whether the rows from <paramref name="start"/> are gathered, every band of them.</summary>
        public bool Holds(int start, int rows) => _start == start && _rows == rows && Volatile.Read(ref _done) == Bands;

        public void Forget() => _start = -1;

        public void Execute(int band, int slot)
        {
            _source.GatherBand(band, _start, _rows);
            Interlocked.Increment(ref _done);
        }
    }

    /// <summary>
    /// Copies one row of <paramref name="count"/> floats with inlined vector moves: a call to memmove
    /// (its size dispatch, per row) cost about as much as the copy of a 64-float row. Measured on Zen 4
    /// (thread CPU time, shuffle included): a digits-shape epoch of gathers (57 batches of 32 rows of 64)
    /// 29-38 µs with memmove against 21-29 µs; the MNIST shape 28-31 ms against 26-28 ms.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void CopyRow(float* source, float* target, int count)
    {
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j <= count - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                Vector512.Store(Vector512.Load(source + j), target + j);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; j <= count - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                Vector256.Store(Vector256.Load(source + j), target + j);
            }
        }
        for (; j < count; j++)
        {
            target[j] = source[j];
        }
    }
}
