using System.Numerics;
using System.Runtime.InteropServices;

namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>
/// The sparse x dense products of the first layer, SIMD over the hidden units (<see cref="Vector{T}"/>
/// with a scalar tail). Each output element is summed by one thread in one fixed order (the order of
/// the non-zeros), so results do not depend on how work is split. Naive twins live in the tests.
/// </summary>
internal static class SparseKernels
{
    /// <summary>
    /// The embedding bag <c>z[r, :] = Σ_k values[k]·W[indices[k], :]</c> over row r's non-zeros: the
    /// product <c>x·W</c> for CSR x, for rows <paramref name="rowFrom"/> to <paramref name="rowTo"/> (exclusive).
    /// </summary>
    public static void EmbeddingBag(in CsrBatch x, ReadOnlySpan<float> w, int hidden, Span<float> z, int rowFrom, int rowTo)
    {
        int last = x.RowStarts[rowTo];
        for (int r = rowFrom; r < rowTo; r++)
        {
            Span<float> zr = z.Slice(r * hidden, hidden);
            zr.Clear();
            for (int k = x.RowStarts[r]; k < x.RowStarts[r + 1]; k++)
            {
                // W1 rows are scattered over a large matrix: ask for one a few non-zeros ahead.
                if (k + PrefetchDistance < last)
                {
                    Prefetch(w, x.Indices[k + PrefetchDistance] * hidden, hidden);
                }
                AddScaledRow(zr, w.Slice(x.Indices[k] * hidden, hidden), x.Values[k]);
            }
        }
    }

    /// <summary>
    /// <c>g[c, :] = Σ values·dh[row, :]</c> over the entries of compact slot c in the transposed batch
    /// <paramref name="t"/>, for slots <paramref name="slotFrom"/> to <paramref name="slotTo"/>: the rows
    /// of <c>xᵀ·dh</c> that the batch touches, and no others.
    /// </summary>
    public static void TransposedProduct(BatchTranspose t, ReadOnlySpan<float> dh, int hidden, Span<float> g, int slotFrom, int slotTo)
    {
        for (int c = slotFrom; c < slotTo; c++)
        {
            Span<float> gc = g.Slice(c * hidden, hidden);
            gc.Clear();
            for (int e = t.SlotStarts[c]; e < t.SlotStarts[c + 1]; e++)
            {
                AddScaledRow(gc, dh.Slice(t.EntryRows[e] * hidden, hidden), t.EntryValues[e]);
            }
        }
    }

    /// <summary>
    /// <see cref="EmbeddingBag"/> over every row of <paramref name="x"/>, the rows split over up to
    /// <paramref name="threads"/> threads (each row of z is summed by one thread, in non-zero order).
    /// W1 is the first inputs x hidden values of <paramref name="w"/>.
    /// </summary>
    public static unsafe void EmbeddingBagParallel(in CsrBatch x, float[] w, int hidden, float[] z, int threads)
    {
        int rows = x.Rows, starts = x.RowStarts.Length, entries = x.Indices.Length, inputs = x.Inputs;
        fixed (int* rs = x.RowStarts, ix = x.Indices)
        fixed (float* vs = x.Values)
        {
            // The spans are re-made from addresses inside the body, which runs before the fixed block ends.
            nint rsa = (nint)rs, ixa = (nint)ix, vsa = (nint)vs;
            ParallelRanges.For(rows, threads, (long)x.NonZeros * hidden, (from, to) =>
            {
                var batch = new CsrBatch(new ReadOnlySpan<int>((void*)rsa, starts), new ReadOnlySpan<int>((void*)ixa, entries),
                    new ReadOnlySpan<float>((void*)vsa, entries), rows, inputs);
                EmbeddingBag(batch, w, hidden, z, from, to);
            });
        }
    }

    /// <summary><see cref="TransposedProduct"/> over every touched slot, split over up to <paramref name="threads"/> threads.</summary>
    public static void TransposedProductParallel(BatchTranspose t, float[] dh, int hidden, float[] g, int threads)
        => ParallelRanges.For(t.Count, threads, (long)t.SlotStarts[t.Count] * hidden, (from, to) => TransposedProduct(t, dh, hidden, g, from, to));

    private const int PrefetchDistance = 8;

    /// <summary>Hints the cache lines of <c>w[offset .. offset + length)</c> into L1.</summary>
    private static unsafe void Prefetch(ReadOnlySpan<float> w, int offset, int length)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported)
        {
            return;
        }
        fixed (float* p = w)
        {
            for (int i = 0; i < length; i += 16)
            {
                System.Runtime.Intrinsics.X86.Sse.Prefetch0(p + offset + i);
            }
        }
    }

    /// <summary>y += a·x over one row of hidden units.</summary>
    internal static void AddScaledRow(Span<float> y, ReadOnlySpan<float> x, float a)
    {
        int n = y.Length, i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var va = new Vector<float>(a);
            ref float yr = ref MemoryMarshal.GetReference(y);
            ref float xr = ref MemoryMarshal.GetReference(x);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                (Vector.LoadUnsafe(ref yr, (nuint)i) + va * Vector.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            y[i] += a * x[i];
        }
    }
}
