namespace MlNetTwoLayer.Engine.Optimizers;

/// <summary>
/// L2 on some stretches of the flat parameter buffer: the optimisers fold <c>λ·θ</c> into the
/// gradient there (weights) and not elsewhere (biases). The optimiser knows offsets, never layers.
/// </summary>
internal sealed class WeightDecay
{
    private readonly (int Start, int Length)[] _ranges;

    /// <summary>λ on the given (start, length) stretches, which must be sorted and disjoint.</summary>
    public WeightDecay(float lambda, params (int Start, int Length)[] ranges)
    {
        if (!float.IsFinite(lambda) || lambda < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "The L2 factor must be a finite number, 0 or more.");
        }
        for (int r = 0; r < ranges.Length; r++)
        {
            if (ranges[r].Start < 0 || ranges[r].Length < 0 || (r > 0 && ranges[r].Start < ranges[r - 1].Start + ranges[r - 1].Length))
            {
                throw new ArgumentException("Decayed ranges must be non-negative, sorted and disjoint.", nameof(ranges));
            }
        }
        Lambda = lambda;
        _ranges = lambda == 0 ? [] : ranges;
    }

    /// <summary>No decay anywhere.</summary>
    public static WeightDecay None { get; } = new(0);

    /// <summary>λ.</summary>
    public float Lambda { get; }

    /// <summary>
    /// Calls <paramref name="step"/>(start, length, λ or 0) for consecutive pieces that cover
    /// [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>), each wholly
    /// decayed or not.
    /// </summary>
    public void ForEachPiece<TStep>(int start, int length, ref TStep step)
        where TStep : struct, IPieceStep
    {
        int end = start + length, at = start;
        foreach ((int rs, int rl) in _ranges)
        {
            int re = rs + rl;
            if (re <= at)
            {
                continue;
            }
            if (rs >= end)
            {
                break;
            }
            if (rs > at)
            {
                step.Run(at, rs - at, 0f);
                at = rs;
            }
            int pieceEnd = Math.Min(re, end);
            step.Run(at, pieceEnd - at, Lambda);
            at = pieceEnd;
        }
        if (at < end)
        {
            step.Run(at, end - at, 0f);
        }
    }

    /// <summary>One piece's work (a struct, so the call is not virtual and allocates nothing).</summary>
    public interface IPieceStep
    {
        /// <summary>Steps [start, start + length) with L2 factor <paramref name="l2"/>.</summary>
        void Run(int start, int length, float l2);
    }
}
