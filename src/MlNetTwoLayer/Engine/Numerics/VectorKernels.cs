using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>
/// Element-wise and reduction kernels of the network, SIMD with <see cref="Vector{T}"/> and a scalar
/// tail. Each has a scalar twin in the tests. Reductions use one fixed order so results are repeatable.
/// </summary>
internal static class VectorKernels
{
    /// <summary>y += alpha·x.</summary>
    public static void AddScaled(Span<float> y, ReadOnlySpan<float> x, float alpha)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException("Spans must have the same length.", nameof(x));
        }
        int i = 0;
        if (Vector.IsHardwareAccelerated && y.Length >= Vector<float>.Count)
        {
            var va = new Vector<float>(alpha);
            ref float yr = ref MemoryMarshal.GetReference(y);
            ref float xr = ref MemoryMarshal.GetReference(x);
            for (; i <= y.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<float> v = Vector.LoadUnsafe(ref yr, (nuint)i) + va * Vector.LoadUnsafe(ref xr, (nuint)i);
                v.StoreUnsafe(ref yr, (nuint)i);
            }
        }
        for (; i < y.Length; i++)
        {
            y[i] += alpha * x[i];
        }
    }

    /// <summary>x *= alpha.</summary>
    public static void Scale(Span<float> x, float alpha)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            var va = new Vector<float>(alpha);
            ref float xr = ref MemoryMarshal.GetReference(x);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                (Vector.LoadUnsafe(ref xr, (nuint)i) * va).StoreUnsafe(ref xr, (nuint)i);
            }
        }
        for (; i < x.Length; i++)
        {
            x[i] *= alpha;
        }
    }

    /// <summary>True when no value is NaN or infinite (x - x is 0 exactly for finite x, NaN otherwise).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool AllFinite(ReadOnlySpan<float> x)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<float>.Count)
        {
            ref float xr = ref MemoryMarshal.GetReference(x);
            var bad = Vector<float>.Zero;
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<float> v = Vector.LoadUnsafe(ref xr, (nuint)i);
                bad |= v - v;
            }
            if (!Vector.EqualsAll(bad, Vector<float>.Zero))
            {
                return false;
            }
        }
        for (; i < x.Length; i++)
        {
            if (!float.IsFinite(x[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Lanes of <see cref="SumOfSquares(ReadOnlySpan{float})"/>: value i is added to lane i mod 16.</summary>
    internal const int SumOfSquaresLanes = 16;

    /// <summary>
    /// Σ x² accumulated in double, in <see cref="SumOfSquaresLanes"/> lanes (value i into lane i mod 16, the lanes
    /// then summed 0 to 15), so the result is the same on every path and processor: a float's square is exact in
    /// double, so each lane performs the same additions whether 512-bit, 256-bit or scalar code runs it. One
    /// sequential sum was a chain of dependent additions: on the digits shape's 4,810 weights (the L2 penalty of each
    /// epoch's reported loss) about 5 µs of a 600 µs epoch.
    /// </summary>
    public static double SumOfSquares(ReadOnlySpan<float> x) =>
        SumOfSquares(x, Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 0);

    /// <summary><see cref="SumOfSquares(ReadOnlySpan{float})"/> with 512-bit, 256-bit or no vectors (0): the same bits from each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double SumOfSquares(ReadOnlySpan<float> x, int vectorBits)
    {
        ref float start = ref MemoryMarshal.GetReference(x);
        int n = x.Length, i = 0;
        Span<double> lanes = stackalloc double[SumOfSquaresLanes];
        lanes.Clear();
        if (vectorBits == 512)
        {
            Vector512<double> low = Vector512<double>.Zero, high = Vector512<double>.Zero;
            for (; i <= n - SumOfSquaresLanes; i += SumOfSquaresLanes)
            {
                (Vector512<double> a, Vector512<double> b) = Vector512.Widen(Vector512.LoadUnsafe(ref start, (nuint)i));
                low += a * a;
                high += b * b;
            }
            low.CopyTo(lanes);
            high.CopyTo(lanes[Vector512<double>.Count..]);
        }
        else if (vectorBits == 256)
        {
            Vector256<double> l0 = Vector256<double>.Zero, l1 = Vector256<double>.Zero, l2 = Vector256<double>.Zero, l3 = Vector256<double>.Zero;
            for (; i <= n - SumOfSquaresLanes; i += SumOfSquaresLanes)
            {
                (Vector256<double> a, Vector256<double> b) = Vector256.Widen(Vector256.LoadUnsafe(ref start, (nuint)i));
                (Vector256<double> c, Vector256<double> d) = Vector256.Widen(Vector256.LoadUnsafe(ref start, (nuint)(i + Vector256<float>.Count)));
                l0 += a * a;
                l1 += b * b;
                l2 += c * c;
                l3 += d * d;
            }
            l0.CopyTo(lanes);
            l1.CopyTo(lanes[4..]);
            l2.CopyTo(lanes[8..]);
            l3.CopyTo(lanes[12..]);
        }
        for (; i < n; i++)
        {
            double v = Unsafe.Add(ref start, i);
            lanes[i % SumOfSquaresLanes] += v * v;
        }
        double sum = 0;
        foreach (double lane in lanes)
        {
            sum += lane;
        }
        return sum;
    }

    /// <summary>row = max(0, row + bias): the hidden layer's bias and ReLU in one pass.</summary>
    public static void AddBiasRelu(Span<float> row, ReadOnlySpan<float> bias)
    {
        if (row.Length != bias.Length)
        {
            throw new ArgumentException("Row and bias must have the same length.", nameof(bias));
        }
        int i = 0;
        if (Vector.IsHardwareAccelerated && row.Length >= Vector<float>.Count)
        {
            ref float rr = ref MemoryMarshal.GetReference(row);
            ref float br = ref MemoryMarshal.GetReference(bias);
            for (; i <= row.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<float> v = Vector.Max(Vector.LoadUnsafe(ref rr, (nuint)i) + Vector.LoadUnsafe(ref br, (nuint)i), Vector<float>.Zero);
                v.StoreUnsafe(ref rr, (nuint)i);
            }
        }
        for (; i < row.Length; i++)
        {
            row[i] = MathF.Max(0f, row[i] + bias[i]);
        }
    }

    /// <summary>Adds <paramref name="bias"/> to each row of a rows x cols matrix.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddBias(Span<float> matrix, int rows, int cols, ReadOnlySpan<float> bias)
    {
        for (int r = 0; r < rows; r++)
        {
            AddScaled(matrix.Slice(r * cols, cols), bias, 1f);
        }
    }

    /// <summary>The seed's <c>dh[h &lt;= 0] = 0</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluMask(Span<float> dh, ReadOnlySpan<float> h)
    {
        if (dh.Length != h.Length)
        {
            throw new ArgumentException("Spans must have the same length.", nameof(h));
        }
        int i = 0;
        if (Vector.IsHardwareAccelerated && dh.Length >= Vector<float>.Count)
        {
            ref float dr = ref MemoryMarshal.GetReference(dh);
            ref float hr = ref MemoryMarshal.GetReference(h);
            for (; i <= dh.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<int> keep = Vector.GreaterThan(Vector.LoadUnsafe(ref hr, (nuint)i), Vector<float>.Zero);
                Vector.ConditionalSelect(keep, Vector.LoadUnsafe(ref dr, (nuint)i), Vector<float>.Zero).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        for (; i < dh.Length; i++)
        {
            if (!(h[i] > 0))
            {
                dh[i] = 0;
            }
        }
    }

    /// <summary>sums[j] = Σ_r matrix[r, j], rows summed in order (the seed's <c>np.sum(axis=0)</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ColumnSums(ReadOnlySpan<float> matrix, int rows, int cols, Span<float> sums)
    {
        Span<float> target = sums.Slice(0, cols);
        target.Clear();
        for (int r = 0; r < rows; r++)
        {
            AddScaled(target, matrix.Slice(r * cols, cols), 1f);
        }
    }
}
