using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Engine.Optimizers;

/// <summary>
/// What every dense update rule shares: one pass over the flat buffer, cut into fixed chunks of
/// <see cref="ChunkLength"/> values (and at the edges of the decayed stretches) that the engine's
/// threads claim. The cut depends only on the buffer's length, each value's update is element-wise
/// (no reduction crosses a chunk), and the kernels give the same bits in their SIMD body and scalar
/// tail, so the result is the same whatever the thread count.
/// </summary>
internal abstract unsafe class FusedOptimizer : IOptimizer, IGemmParallelJob
{
    /// <summary>Values per chunk: 64 KB of each stream, a few microseconds of work, enough to amortise a hand-off.</summary>
    internal const int ChunkLength = 16384;

    private readonly GemmEngine? _threads;
    private readonly Together _together;
    private float* _parameters;
    private float* _gradients;

    /// <summary>State for <paramref name="parameterCount"/> values; <paramref name="threads"/> lends its workers (null: the caller's thread only).</summary>
    protected FusedOptimizer(int parameterCount, WeightDecay? decay, GemmEngine? threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        ParameterCount = parameterCount;
        Decay = decay ?? WeightDecay.None;
        _threads = threads;
        _together = new Together(this);
    }

    /// <summary>Length of the buffer this optimiser steps.</summary>
    public int ParameterCount { get; }

    /// <summary>Where L2 applies.</summary>
    public WeightDecay Decay { get; }

    /// <inheritdoc/>
    public int Bands => (ParameterCount + ChunkLength - 1) / ChunkLength;

    /// <inheritdoc/>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate) => Step(parameters, gradients, learningRate, alongside: null);

    /// <inheritdoc/>
    /// <remarks>
    /// The two jobs' bands are dealt alternately into one job, so on two threads one is usually stepping
    /// the optimiser (bound by the caches) while the other gathers (bound by memory). Which thread runs a
    /// band never changes its values.
    /// </remarks>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, IGemmParallelJob? alongside)
    {
        if (parameters.Length != ParameterCount || gradients.Length != ParameterCount)
        {
            throw new ArgumentException($"The optimiser was built for {ParameterCount} parameters; it was given {parameters.Length} parameters and {gradients.Length} gradients.");
        }
        BeginStep(learningRate);
        fixed (float* p = parameters, g = gradients)
        {
            Place(p, g);
            _parameters = p;
            _gradients = g;
            try
            {
                IGemmParallelJob job = this;
                IGemmParallelJob? after = null;
                if (alongside != null && alongside.Bands > 0)
                {
                    // One chunk (a small network) is not worth a hand-off: the step runs on this thread and the
                    // other job after it, on the workers only if it is large enough to be cut itself.
                    if (Bands > 1)
                    {
                        _together.Alongside = alongside;
                        job = _together;
                    }
                    else
                    {
                        after = alongside;
                    }
                }
                // The spans stay pinned by this fixed block until every chunk is done.
                Run(job);
                if (after != null)
                {
                    Run(after);
                }
            }
            finally
            {
                _parameters = null;
                _gradients = null;
                _together.Alongside = null;
            }
        }
    }

    /// <summary>Every band of <paramref name="job"/>: on the engine's threads when it has them (it runs a one-band job on the caller), else here.</summary>
    private void Run(IGemmParallelJob job)
    {
        if (_threads != null)
        {
            _threads.RunParallel(job);
            return;
        }
        for (int band = 0; band < job.Bands; band++)
        {
            job.Execute(band, 0);
        }
    }

    /// <inheritdoc/>
    public void Execute(int band, int slot)
    {
        int start = band * ChunkLength;
        var piece = new Piece(this);
        Decay.ForEachPiece(start, Math.Min(ChunkLength, ParameterCount - start), ref piece);
    }

    /// <summary>Called once per <see cref="Step(Span{float}, ReadOnlySpan{float}, float, IGemmParallelJob?)"/>, before any chunk: advance step counters, fix per-step constants.</summary>
    protected abstract void BeginStep(float learningRate);

    /// <summary>Places any state for these parameters and gradients (<see cref="LinePhasedBuffer"/>); none by default.</summary>
    protected virtual void Place(float* parameters, float* gradients)
    {
    }

    /// <summary>Updates values [start, start + parameters.Length) of the buffer (and the same stretch of the state).</summary>
    protected abstract void StepRange(Span<float> parameters, ReadOnlySpan<float> gradients, int start, float l2);

    /// <summary>This optimiser's chunks and another job's bands, dealt alternately (then the longer one's rest).</summary>
    private sealed class Together : IGemmParallelJob
    {
        private readonly FusedOptimizer _owner;

        public Together(FusedOptimizer owner) => _owner = owner;

        public IGemmParallelJob? Alongside { get; set; }

        public int Bands => _owner.Bands + (Alongside?.Bands ?? 0);

        public void Execute(int band, int slot)
        {
            int own = _owner.Bands, other = Alongside!.Bands, paired = 2 * Math.Min(own, other);
            if (band < paired)
            {
                if (band % 2 == 0)
                {
                    _owner.Execute(band / 2, slot);
                }
                else
                {
                    Alongside.Execute(band / 2, slot);
                }
            }
            else if (own > other)
            {
                _owner.Execute(band - paired + other, slot);
            }
            else
            {
                Alongside.Execute(band - paired + own, slot);
            }
        }
    }

    private readonly struct Piece : WeightDecay.IPieceStep
    {
        private readonly FusedOptimizer _owner;

        public Piece(FusedOptimizer owner) => _owner = owner;

        public void Run(int start, int length, float l2) =>
            _owner.StepRange(new Span<float>(_owner._parameters + start, length), new ReadOnlySpan<float>(_owner._gradients + start, length), start, l2);
    }
}
