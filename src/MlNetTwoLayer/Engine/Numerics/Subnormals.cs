using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>
/// Flush-to-zero for values below float32's normal range. .NET cannot set the processor's FTZ/DAZ
/// flags, and arithmetic on subnormal numbers can cost many times a normal operation, so the hot
/// loops store flushed values: weights, optimiser moments and probabilities never hold a subnormal.
/// NaN is kept (it must still reach the divergence check).
/// </summary>
internal static class Subnormals
{
    /// <summary>The smallest positive normal float32, 2^-126.</summary>
    public const float MinNormal = 1.17549435E-38f;

    /// <summary>0 when |x| is below the normal range, else x (NaN and ±∞ unchanged).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Flush(float x) => MathF.Abs(x) < MinNormal ? 0f : x;

    /// <summary>The lane-wise <see cref="Flush(float)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Flush(Vector<float> x) =>
        Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(x), new Vector<float>(MinNormal)), Vector<float>.Zero, x);

    /// <summary>The lane-wise <see cref="Flush(float)"/> on 512-bit vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Flush(Vector512<float> x) =>
        Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(x), Vector512.Create(MinNormal)), Vector512<float>.Zero, x);

    /// <summary>How many values of <paramref name="x"/> are subnormal (non-zero and below the normal range).</summary>
    public static int Count(ReadOnlySpan<float> x)
    {
        int count = 0;
        foreach (float v in x)
        {
            if (v != 0 && MathF.Abs(v) < MinNormal)
            {
                count++;
            }
        }
        return count;
    }
}
