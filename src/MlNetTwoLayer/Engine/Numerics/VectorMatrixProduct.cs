using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>
/// <c>y = y0 + xᵀ·W</c> for one row x and a row-major W (rows x cols): the single-row forward pass.
/// Columns are taken four vectors at a time with the accumulators kept in registers, so W streams
/// through once and y is written once per block (an AXPY per row would load and store y every row).
/// Each element sums over the rows in order, so the result does not depend on the block a column falls in.
/// </summary>
internal static class VectorMatrixProduct
{
    /// <summary>y[j] = start[j] + Σ_i x[i]·W[i, j]; <paramref name="start"/> may be empty for zeros.</summary>
    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> w, int rows, int cols, ReadOnlySpan<float> start, Span<float> y)
    {
        if (x.Length < rows || (long)rows * cols > w.Length || y.Length < cols || (!start.IsEmpty && start.Length < cols))
        {
            throw new ArgumentException($"Spans are too short for x[{rows}]·W[{rows} x {cols}].");
        }
        int width = Vector<float>.Count;
        ref float wr = ref MemoryMarshal.GetReference(w);
        int j = Vector512.IsHardwareAccelerated ? Blocks512(x, ref wr, rows, cols, start, y) : 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; j <= cols - 4 * width; j += 4 * width)
            {
                Vector<float> a0 = Start(start, j), a1 = Start(start, j + width), a2 = Start(start, j + 2 * width), a3 = Start(start, j + 3 * width);
                for (int i = 0; i < rows; i++)
                {
                    var xi = new Vector<float>(x[i]);
                    nuint row = (nuint)(i * cols + j);
                    a0 = Vector.FusedMultiplyAdd(xi, Vector.LoadUnsafe(ref wr, row), a0);
                    a1 = Vector.FusedMultiplyAdd(xi, Vector.LoadUnsafe(ref wr, row + (nuint)width), a1);
                    a2 = Vector.FusedMultiplyAdd(xi, Vector.LoadUnsafe(ref wr, row + (nuint)(2 * width)), a2);
                    a3 = Vector.FusedMultiplyAdd(xi, Vector.LoadUnsafe(ref wr, row + (nuint)(3 * width)), a3);
                }
                a0.CopyTo(y.Slice(j));
                a1.CopyTo(y.Slice(j + width));
                a2.CopyTo(y.Slice(j + 2 * width));
                a3.CopyTo(y.Slice(j + 3 * width));
            }
            for (; j <= cols - width; j += width)
            {
                Vector<float> a = Start(start, j);
                for (int i = 0; i < rows; i++)
                {
                    a = Vector.FusedMultiplyAdd(new Vector<float>(x[i]), Vector.LoadUnsafe(ref wr, (nuint)(i * cols + j)), a);
                }
                a.CopyTo(y.Slice(j));
            }
        }
        for (; j < cols; j++)
        {
            float sum = start.IsEmpty ? 0f : start[j];
            for (int i = 0; i < rows; i++)
            {
                sum = MathF.FusedMultiplyAdd(x[i], w[i * cols + j], sum);
            }
            y[j] = sum;
        }
    }

    /// <summary>The columns that fill whole 512-bit vectors, four or one at a time; returns the first column left.</summary>
    private static int Blocks512(ReadOnlySpan<float> x, ref float wr, int rows, int cols, ReadOnlySpan<float> start, Span<float> y)
    {
        int width = Vector512<float>.Count;
        int j = 0;
        for (; j <= cols - 4 * width; j += 4 * width)
        {
            Vector512<float> a0 = Start512(start, j), a1 = Start512(start, j + width), a2 = Start512(start, j + 2 * width), a3 = Start512(start, j + 3 * width);
            for (int i = 0; i < rows; i++)
            {
                Vector512<float> xi = Vector512.Create(x[i]);
                nuint row = (nuint)(i * cols + j);
                a0 = Vector512.FusedMultiplyAdd(xi, Vector512.LoadUnsafe(ref wr, row), a0);
                a1 = Vector512.FusedMultiplyAdd(xi, Vector512.LoadUnsafe(ref wr, row + (nuint)width), a1);
                a2 = Vector512.FusedMultiplyAdd(xi, Vector512.LoadUnsafe(ref wr, row + (nuint)(2 * width)), a2);
                a3 = Vector512.FusedMultiplyAdd(xi, Vector512.LoadUnsafe(ref wr, row + (nuint)(3 * width)), a3);
            }
            a0.CopyTo(y.Slice(j));
            a1.CopyTo(y.Slice(j + width));
            a2.CopyTo(y.Slice(j + 2 * width));
            a3.CopyTo(y.Slice(j + 3 * width));
        }
        for (; j <= cols - width; j += width)
        {
            Vector512<float> a = Start512(start, j);
            for (int i = 0; i < rows; i++)
            {
                a = Vector512.FusedMultiplyAdd(Vector512.Create(x[i]), Vector512.LoadUnsafe(ref wr, (nuint)(i * cols + j)), a);
            }
            a.CopyTo(y.Slice(j));
        }
        return j;
    }

    private static Vector512<float> Start512(ReadOnlySpan<float> start, int j) => start.IsEmpty ? Vector512<float>.Zero : Vector512.Create(start.Slice(j, Vector512<float>.Count));

    private static Vector<float> Start(ReadOnlySpan<float> start, int j) => start.IsEmpty ? Vector<float>.Zero : new Vector<float>(start.Slice(j));
}
