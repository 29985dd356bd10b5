using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

    /// <summary>Σ x² accumulated in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SumOfSquares(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (float v in x)
        {
            sum += (double)v * v;
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
