using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>
/// <c>y = y0 + xᵀ·W</c> for one row x and a row-major W (rows x cols): the single-row forward pass.
/// Columns are taken four vectors at a time with the accumulators kept in registers, so W streams
/// through once and y is written once per block (an AXPY per row would load and store y every row).
/// </summary>
/// <remarks>
/// One row's product is a chain of dependent FMAs per column, so its time is the FMA latency times
/// the rows unless chains run side by side. Every element is therefore summed as two chains, the
/// even rows (starting from y0) and the odd rows, each in order with one FMA per row, added at the
/// end: <c>y[j] = (y0[j] + Σ_even x[i]·W[i, j]) + Σ_odd x[i]·W[i, j]</c>. Every path (512-bit,
/// vector, 128-bit, scalar) uses that order, so the result does not depend on the block a column
/// falls in, nor on the machine's vector width (<see cref="NaiveInOrder"/> is its naive twin).
/// </remarks>
internal static class VectorMatrixProduct
{
    /// <summary>y[j] = start[j] + Σ_i x[i]·W[i, j]; <paramref name="start"/> may be empty for zeros.</summary>
    public static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> w, int rows, int cols, ReadOnlySpan<float> start, Span<float> y) =>
        Multiply(x, w, rows, cols, start, y, use512: true);

    /// <summary>
    /// <see cref="Multiply(ReadOnlySpan{float}, ReadOnlySpan{float}, int, int, ReadOnlySpan{float}, Span{float})"/>, taking
    /// the 512-bit blocks only if <paramref name="use512"/> (and the processor has them). A seam for the tests: false runs
    /// the <see cref="Vector{T}"/> blocks of four as a processor without AVX-512 does, which on an AVX-512 machine
    /// nothing else reaches (Blocks512 takes every whole 64-column block first).
    /// </summary>
    internal static void Multiply(ReadOnlySpan<float> x, ReadOnlySpan<float> w, int rows, int cols, ReadOnlySpan<float> start, Span<float> y, bool use512)
    {
        if (x.Length < rows || (long)rows * cols > w.Length || y.Length < cols || (!start.IsEmpty && start.Length < cols))
        {
            throw new ArgumentException($"Spans are too short for x[{rows}]·W[{rows} x {cols}].");
        }
        ref float wr = ref MemoryMarshal.GetReference(w);
        int j = use512 && Vector512.IsHardwareAccelerated ? Blocks512(x, ref wr, rows, cols, start, y) : 0;
        if (Vector.IsHardwareAccelerated)
        {
            j = BlocksOfVectors(x, ref wr, rows, cols, j, start, y);
            if (j == cols)
            {
                return;
            }
            if (Vector<float>.Count > Vector128<float>.Count && Vector128.IsHardwareAccelerated && cols - j >= Vector128<float>.Count)
            {
                // Fewer columns left than a vector holds (4 to 7 classes): two overlapping 128-bit vectors.
                Multiply128Pair(x, ref wr, rows, cols, j, start, y);
                return;
            }
        }
        for (; j < cols; j++)
        {
            float even = start.IsEmpty ? 0f : start[j], odd = 0f;
            int i = 0;
            for (; i + 1 < rows; i += 2)
            {
                even = MathF.FusedMultiplyAdd(x[i], w[i * cols + j], even);
                odd = MathF.FusedMultiplyAdd(x[i + 1], w[(i + 1) * cols + j], odd);
            }
            if (i < rows)
            {
                even = MathF.FusedMultiplyAdd(x[i], w[i * cols + j], even);
            }
            y[j] = even + odd;
        }
    }

    /// <summary>The naive twin: every element summed in the documented order, one scalar at a time.</summary>
    public static void NaiveInOrder(ReadOnlySpan<float> x, ReadOnlySpan<float> w, int rows, int cols, ReadOnlySpan<float> start, Span<float> y)
    {
        for (int j = 0; j < cols; j++)
        {
            float even = start.IsEmpty ? 0f : start[j], odd = 0f;
            for (int i = 0; i < rows; i++)
            {
                if (i % 2 == 0)
                {
                    even = MathF.FusedMultiplyAdd(x[i], w[i * cols + j], even);
                }
                else
                {
                    odd = MathF.FusedMultiplyAdd(x[i], w[i * cols + j], odd);
                }
            }
            y[j] = even + odd;
        }
    }

    /// <summary>
    /// Columns from <paramref name="j"/> in blocks of four vectors, then single vectors; a remainder
    /// narrower than a vector is covered by one more vector ending at the last column, overlapping the
    /// one before it, summed in the same pass (the 10-class output layer is exactly that; the
    /// overlapped columns get the same value twice). Returns the first column left (cols when done).
    /// </summary>
    private static int BlocksOfVectors(ReadOnlySpan<float> x, ref float wr, int rows, int cols, int j, ReadOnlySpan<float> start, Span<float> y)
    {
        int width = Vector<float>.Count;
        for (; j <= cols - 4 * width; j += 4 * width)
        {
            Vector<float> a0 = Start(start, j), a1 = Start(start, j + width), a2 = Start(start, j + 2 * width), a3 = Start(start, j + 3 * width);
            Vector<float> b0 = Vector<float>.Zero, b1 = Vector<float>.Zero, b2 = Vector<float>.Zero, b3 = Vector<float>.Zero;
            int i = 0;
            for (; i + 1 < rows; i += 2)
            {
                var xe = new Vector<float>(x[i]);
                var xo = new Vector<float>(x[i + 1]);
                nuint re = (nuint)(i * cols + j), ro = (nuint)((i + 1) * cols + j);
                a0 = Vector.FusedMultiplyAdd(xe, Vector.LoadUnsafe(ref wr, re), a0);
                a1 = Vector.FusedMultiplyAdd(xe, Vector.LoadUnsafe(ref wr, re + (nuint)width), a1);
                a2 = Vector.FusedMultiplyAdd(xe, Vector.LoadUnsafe(ref wr, re + (nuint)(2 * width)), a2);
                a3 = Vector.FusedMultiplyAdd(xe, Vector.LoadUnsafe(ref wr, re + (nuint)(3 * width)), a3);
                b0 = Vector.FusedMultiplyAdd(xo, Vector.LoadUnsafe(ref wr, ro), b0);
                b1 = Vector.FusedMultiplyAdd(xo, Vector.LoadUnsafe(ref wr, ro + (nuint)width), b1);
                b2 = Vector.FusedMultiplyAdd(xo, Vector.LoadUnsafe(ref wr, ro + (nuint)(2 * width)), b2);
                b3 = Vector.FusedMultiplyAdd(xo, Vector.LoadUnsafe(ref wr, ro + (nuint)(3 * width)), b3);
            }
            if (i < rows)
            {
                var xe = new Vector<float>(x[i]);
                nuint re = (nuint)(i * cols + j);
                a0 = Vector.FusedMultiplyAdd(xe, Vector.LoadUnsafe(ref wr, re), a0);
                a1 = Vector.FusedMultiplyAdd(xe, Vector.LoadUnsafe(ref wr, re + (nuint)width), a1);
                a2 = Vector.FusedMultiplyAdd(xe, Vector.LoadUnsafe(ref wr, re + (nuint)(2 * width)), a2);
                a3 = Vector.FusedMultiplyAdd(xe, Vector.LoadUnsafe(ref wr, re + (nuint)(3 * width)), a3);
            }
            (a0 + b0).CopyTo(y.Slice(j));
            (a1 + b1).CopyTo(y.Slice(j + width));
            (a2 + b2).CopyTo(y.Slice(j + 2 * width));
            (a3 + b3).CopyTo(y.Slice(j + 3 * width));
        }
        int remainder = (cols - j) % width;
        int singleEnd = remainder > 0 ? cols - remainder - width : cols;
        for (; j + width <= singleEnd; j += width)
        {
            Vector<float> a = Start(start, j), b = Vector<float>.Zero;
            int i = 0;
            for (; i + 1 < rows; i += 2)
            {
                a = Vector.FusedMultiplyAdd(new Vector<float>(x[i]), Vector.LoadUnsafe(ref wr, (nuint)(i * cols + j)), a);
                b = Vector.FusedMultiplyAdd(new Vector<float>(x[i + 1]), Vector.LoadUnsafe(ref wr, (nuint)((i + 1) * cols + j)), b);
            }
            if (i < rows)
            {
                a = Vector.FusedMultiplyAdd(new Vector<float>(x[i]), Vector.LoadUnsafe(ref wr, (nuint)(i * cols + j)), a);
            }
            (a + b).CopyTo(y.Slice(j));
        }
        if (remainder > 0 && cols - j > remainder)
        {
            int last = cols - width;
            Vector<float> a = Start(start, j), b = Vector<float>.Zero, c = Start(start, last), d = Vector<float>.Zero;
            int i = 0;
            for (; i + 1 < rows; i += 2)
            {
                var xe = new Vector<float>(x[i]);
                var xo = new Vector<float>(x[i + 1]);
                nuint re = (nuint)(i * cols), ro = (nuint)((i + 1) * cols);
                a = Vector.FusedMultiplyAdd(xe, Vector.LoadUnsafe(ref wr, re + (nuint)j), a);
                c = Vector.FusedMultiplyAdd(xe, Vector.LoadUnsafe(ref wr, re + (nuint)last), c);
                b = Vector.FusedMultiplyAdd(xo, Vector.LoadUnsafe(ref wr, ro + (nuint)j), b);
                d = Vector.FusedMultiplyAdd(xo, Vector.LoadUnsafe(ref wr, ro + (nuint)last), d);
            }
            if (i < rows)
            {
                var xe = new Vector<float>(x[i]);
                nuint re = (nuint)(i * cols);
                a = Vector.FusedMultiplyAdd(xe, Vector.LoadUnsafe(ref wr, re + (nuint)j), a);
                c = Vector.FusedMultiplyAdd(xe, Vector.LoadUnsafe(ref wr, re + (nuint)last), c);
            }
            (a + b).CopyTo(y.Slice(j));
            (c + d).CopyTo(y.Slice(last));
            j = cols;
        }
        return j;
    }

    /// <summary>Columns j..cols (4 to 8 of them) as a 128-bit vector at j and one ending at the last column, in one pass.</summary>
    private static void Multiply128Pair(ReadOnlySpan<float> x, ref float wr, int rows, int cols, int j, ReadOnlySpan<float> start, Span<float> y)
    {
        int width = Vector128<float>.Count;
        int last = cols - width;
        Vector128<float> a = start.IsEmpty ? Vector128<float>.Zero : Vector128.Create(start.Slice(j, width)), b = Vector128<float>.Zero;
        Vector128<float> c = start.IsEmpty ? Vector128<float>.Zero : Vector128.Create(start.Slice(last, width)), d = Vector128<float>.Zero;
        int i = 0;
        for (; i + 1 < rows; i += 2)
        {
            Vector128<float> xe = Vector128.Create(x[i]), xo = Vector128.Create(x[i + 1]);
            nuint re = (nuint)(i * cols), ro = (nuint)((i + 1) * cols);
            a = Vector128.FusedMultiplyAdd(xe, Vector128.LoadUnsafe(ref wr, re + (nuint)j), a);
            c = Vector128.FusedMultiplyAdd(xe, Vector128.LoadUnsafe(ref wr, re + (nuint)last), c);
            b = Vector128.FusedMultiplyAdd(xo, Vector128.LoadUnsafe(ref wr, ro + (nuint)j), b);
            d = Vector128.FusedMultiplyAdd(xo, Vector128.LoadUnsafe(ref wr, ro + (nuint)last), d);
        }
        if (i < rows)
        {
            Vector128<float> xe = Vector128.Create(x[i]);
            nuint re = (nuint)(i * cols);
            a = Vector128.FusedMultiplyAdd(xe, Vector128.LoadUnsafe(ref wr, re + (nuint)j), a);
            c = Vector128.FusedMultiplyAdd(xe, Vector128.LoadUnsafe(ref wr, re + (nuint)last), c);
        }
        (a + b).CopyTo(y.Slice(j));
        (c + d).CopyTo(y.Slice(last));
    }

    /// <summary>The columns that fill whole 512-bit vectors, four or one at a time; returns the first column left.</summary>
    private static int Blocks512(ReadOnlySpan<float> x, ref float wr, int rows, int cols, ReadOnlySpan<float> start, Span<float> y)
    {
        int width = Vector512<float>.Count;
        int j = 0;
        for (; j <= cols - 4 * width; j += 4 * width)
        {
            Vector512<float> a0 = Start512(start, j), a1 = Start512(start, j + width), a2 = Start512(start, j + 2 * width), a3 = Start512(start, j + 3 * width);
            Vector512<float> b0 = Vector512<float>.Zero, b1 = Vector512<float>.Zero, b2 = Vector512<float>.Zero, b3 = Vector512<float>.Zero;
            int i = 0;
            for (; i + 1 < rows; i += 2)
            {
                Vector512<float> xe = Vector512.Create(x[i]), xo = Vector512.Create(x[i + 1]);
                nuint re = (nuint)(i * cols + j), ro = (nuint)((i + 1) * cols + j);
                a0 = Vector512.FusedMultiplyAdd(xe, Vector512.LoadUnsafe(ref wr, re), a0);
                a1 = Vector512.FusedMultiplyAdd(xe, Vector512.LoadUnsafe(ref wr, re + (nuint)width), a1);
                a2 = Vector512.FusedMultiplyAdd(xe, Vector512.LoadUnsafe(ref wr, re + (nuint)(2 * width)), a2);
                a3 = Vector512.FusedMultiplyAdd(xe, Vector512.LoadUnsafe(ref wr, re + (nuint)(3 * width)), a3);
                b0 = Vector512.FusedMultiplyAdd(xo, Vector512.LoadUnsafe(ref wr, ro), b0);
                b1 = Vector512.FusedMultiplyAdd(xo, Vector512.LoadUnsafe(ref wr, ro + (nuint)width), b1);
                b2 = Vector512.FusedMultiplyAdd(xo, Vector512.LoadUnsafe(ref wr, ro + (nuint)(2 * width)), b2);
                b3 = Vector512.FusedMultiplyAdd(xo, Vector512.LoadUnsafe(ref wr, ro + (nuint)(3 * width)), b3);
            }
            if (i < rows)
            {
                Vector512<float> xe = Vector512.Create(x[i]);
                nuint re = (nuint)(i * cols + j);
                a0 = Vector512.FusedMultiplyAdd(xe, Vector512.LoadUnsafe(ref wr, re), a0);
                a1 = Vector512.FusedMultiplyAdd(xe, Vector512.LoadUnsafe(ref wr, re + (nuint)width), a1);
                a2 = Vector512.FusedMultiplyAdd(xe, Vector512.LoadUnsafe(ref wr, re + (nuint)(2 * width)), a2);
                a3 = Vector512.FusedMultiplyAdd(xe, Vector512.LoadUnsafe(ref wr, re + (nuint)(3 * width)), a3);
            }
            (a0 + b0).CopyTo(y.Slice(j));
            (a1 + b1).CopyTo(y.Slice(j + width));
            (a2 + b2).CopyTo(y.Slice(j + 2 * width));
            (a3 + b3).CopyTo(y.Slice(j + 3 * width));
        }
        for (; j <= cols - width; j += width)
        {
            Vector512<float> a = Start512(start, j), b = Vector512<float>.Zero;
            int i = 0;
            for (; i + 1 < rows; i += 2)
            {
                a = Vector512.FusedMultiplyAdd(Vector512.Create(x[i]), Vector512.LoadUnsafe(ref wr, (nuint)(i * cols + j)), a);
                b = Vector512.FusedMultiplyAdd(Vector512.Create(x[i + 1]), Vector512.LoadUnsafe(ref wr, (nuint)((i + 1) * cols + j)), b);
            }
            if (i < rows)
            {
                a = Vector512.FusedMultiplyAdd(Vector512.Create(x[i]), Vector512.LoadUnsafe(ref wr, (nuint)(i * cols + j)), a);
            }
            (a + b).CopyTo(y.Slice(j));
        }
        return j;
    }

    private static Vector512<float> Start512(ReadOnlySpan<float> start, int j) => start.IsEmpty ? Vector512<float>.Zero : Vector512.Create(start.Slice(j, Vector512<float>.Count));

    private static Vector<float> Start(ReadOnlySpan<float> start, int j) => start.IsEmpty ? Vector<float>.Zero : new Vector<float>(start.Slice(j));
}
