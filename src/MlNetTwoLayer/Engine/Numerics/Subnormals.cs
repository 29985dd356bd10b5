using System.Runtime.CompilerServices;

namespace MlNetTwoLayer.Numerics;

/// <summary>
/// Keeps optimiser state out of the subnormal range. .NET cannot set the CPU's flush-to-zero mode,
/// and x86 handles subnormal floats in microcode, 10–100x slower: a weight decaying under L2 (a dead
/// ReLU unit's, say) and Adam's moments of a gradient that stays 0 shrink geometrically into that
/// range, and every product with them slows the step (issue 15 measured 716 µs per mini-batch against 62).
/// </summary>
internal static class Subnormals
{
    /// <summary>
    /// Magnitudes below this become 0: eight orders of magnitude above the smallest normal float
    /// (1.2e-38), so a value is flushed before it can get there, and ~20 below anything that changes
    /// a prediction.
    /// </summary>
    public const float FlushThreshold = 1e-30f;

    /// <summary><paramref name="value"/>, or 0 when its magnitude is below <see cref="FlushThreshold"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Flush(float value) => MathF.Abs(value) < FlushThreshold ? 0f : value;
}
