using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>
/// The sparse x dense products of the first layer, SIMD over the hidden units (<see cref="Vector{T}"/>
/// with a scalar tail). Each output element is summed by one thread in one fixed order (the order of
/// the non-zeros), so results do not depend on how work is split. Naive twins live in the tests.
/// </summary>
/// <remarks>
/// Both products are bound by memory latency, not arithmetic: every non-zero reads a W1 row scattered
/// over hundreds of MB. So the W1 rows are prefetched a few non-zeros ahead (every cache line of the
/// row: a row of 16 floats straddles two lines unless W1 happens to be 64-byte aligned), and when the
/// hidden layer is at most <see cref="RegisterVectors"/> vectors wide, an output row is summed in
/// registers and stored once. Every path does the same float operations in the same order (y + a·x,
/// rounded after each multiply and each add), so the results are the same bits whichever path runs.
/// </remarks>
internal static class SparseKernels
{
    /// <summary>Hidden layers up to this many <see cref="Vector{T}"/> wide are summed in registers.</summary>
    internal const int RegisterVectors = 4;

    private const int PrefetchDistance = 8;

    /// <summary>
    /// The embedding bag <c>z[r, :] = Σ_k values[k]·W[indices[k], :]</c> over row r's non-zeros: the
    /// product <c>x·W</c> for CSR x, for rows <paramref name="rowFrom"/> to <paramref name="rowTo"/> (exclusive).
    /// </summary>
    public static unsafe void EmbeddingBag(in CsrBatch x, ReadOnlySpan<float> w, int hidden, Span<float> z, int rowFrom, int rowTo)
    {
        if (rowTo <= rowFrom)
        {
            return;
        }
        int last = x.RowStarts[rowTo];
        int vectors = Vector.IsHardwareAccelerated && hidden % Vector<float>.Count == 0 ? hidden / Vector<float>.Count : 0;
        if (vectors is < 1 or > RegisterVectors || z.Length < rowTo * hidden || w.Length < (long)x.Inputs * hidden)
        {
            EmbeddingBagRows(x, w, hidden, z, rowFrom, rowTo, last);
            return;
        }
        fixed (float* wp = w, zp = z)
        fixed (int* ix = x.Indices)
        fixed (float* vs = x.Values)
        {
            for (int r = rowFrom; r < rowTo; r++)
            {
                int from = x.RowStarts[r], to = x.RowStarts[r + 1];
                CheckIndices(ix, from, to, x.Inputs);
                float* zr = zp + (long)r * hidden;
                switch (vectors)
                {
                    case 1:
                        BagRow1(wp, ix, vs, from, to, last, hidden, zr);
                        break;
                    case 2:
                        BagRow2(wp, ix, vs, from, to, last, hidden, zr);
                        break;
                    default:
                        BagRowN(wp, ix, vs, from, to, last, hidden, vectors, zr);
                        break;
                }
            }
        }
    }

    /// <summary>
    /// <c>g[c, :] = Σ values·dh[row, :]</c> over the non-zeros whose compact slot (<paramref name="slots"/>) is c,
    /// for slots <paramref name="slotFrom"/> to <paramref name="slotTo"/>: the rows of <c>xᵀ·dh</c> that the
    /// batch touches, and no others. Non-zeros are visited in batch order, so each slot's sum runs over
    /// increasing batch rows whatever the slot range.
    /// </summary>
    public static void ScatterProduct(in CsrBatch x, BatchSlots slots, ReadOnlySpan<float> dh, int hidden, Span<float> g, int slotFrom, int slotTo)
    {
        g.Slice(slotFrom * hidden, (slotTo - slotFrom) * hidden).Clear();
        ReadOnlySpan<int> entrySlots = slots.EntrySlots;
        int first = x.RowStarts[0];
        uint width = (uint)(slotTo - slotFrom);
        for (int r = 0; r < x.Rows; r++)
        {
            ReadOnlySpan<float> dhr = dh.Slice(r * hidden, hidden);
            for (int k = x.RowStarts[r]; k < x.RowStarts[r + 1]; k++)
            {
                int c = entrySlots[k - first];
                if ((uint)(c - slotFrom) < width)
                {
                    AddScaledRow(g.Slice(c * hidden, hidden), dhr, x.Values[k]);
                }
            }
        }
    }

    /// <summary>
    /// Turns each compact row of <paramref name="g"/> (summed over the batch and divided by the batch's
    /// weight <paramref name="batchWeight"/>) into the average over the batch rows its feature occurs in:
    /// row c is multiplied by <c>batchWeight / Σ weights of the rows holding slot c</c> (each occurrence counted;
    /// <paramref name="rowWeights"/> empty means weight 1). A feature present in every row keeps its
    /// gradient bit for bit (the sums are taken in double, in row order, as the batch weight is).
    /// <paramref name="sums"/> is scratch of at least <c>slots.Count</c> values.
    /// </summary>
    public static void AverageOverPresentRows(in CsrBatch x, BatchSlots slots, ReadOnlySpan<float> rowWeights, float batchWeight, int hidden, Span<float> g, Span<double> sums)
    {
        sums = sums[..slots.Count];
        sums.Clear();
        ReadOnlySpan<int> entrySlots = slots.EntrySlots;
        int first = x.RowStarts[0];
        for (int r = 0; r < x.Rows; r++)
        {
            double w = rowWeights.IsEmpty ? 1.0 : rowWeights[r];
            for (int k = x.RowStarts[r]; k < x.RowStarts[r + 1]; k++)
            {
                sums[entrySlots[k - first]] += w;
            }
        }
        for (int c = 0; c < sums.Length; c++)
        {
            float present = (float)sums[c];
            // Rows of weight 0 only: the gradient is 0 and stays so.
            if (present > 0 && present != batchWeight)
            {
                VectorKernels.Scale(g.Slice(c * hidden, hidden), batchWeight / present);
            }
        }
    }

    /// <summary>
    /// <see cref="EmbeddingBag"/> over every row of <paramref name="x"/>, the rows split over the threads
    /// of <paramref name="engine"/> (each row of z is summed by one thread, in non-zero order).
    /// W1 is the first inputs x hidden values of <paramref name="w"/>.
    /// </summary>
    public static unsafe void EmbeddingBagParallel(in CsrBatch x, float[] w, int hidden, float[] z, GemmEngine engine)
    {
        int rows = x.Rows, starts = x.RowStarts.Length, entries = x.Indices.Length, inputs = x.Inputs;
        fixed (int* rs = x.RowStarts, ix = x.Indices)
        fixed (float* vs = x.Values)
        {
            // The spans are re-made from addresses inside the body, which runs before the fixed block ends.
            nint rsa = (nint)rs, ixa = (nint)ix, vsa = (nint)vs;
            ParallelRanges.For(engine, rows, (long)x.NonZeros * hidden, (from, to) =>
            {
                var batch = new CsrBatch(new ReadOnlySpan<int>((void*)rsa, starts), new ReadOnlySpan<int>((void*)ixa, entries),
                    new ReadOnlySpan<float>((void*)vsa, entries), rows, inputs);
                EmbeddingBag(batch, w, hidden, z, from, to);
            });
        }
    }

    /// <summary><see cref="ScatterProduct"/> over every touched slot, the slots split over the threads of <paramref name="engine"/>.</summary>
    public static unsafe void ScatterProductParallel(in CsrBatch x, BatchSlots slots, float[] dh, int hidden, float[] g, GemmEngine engine)
    {
        int rows = x.Rows, starts = x.RowStarts.Length, entries = x.Indices.Length, inputs = x.Inputs;
        fixed (int* rs = x.RowStarts, ix = x.Indices)
        fixed (float* vs = x.Values)
        {
            nint rsa = (nint)rs, ixa = (nint)ix, vsa = (nint)vs;
            ParallelRanges.For(engine, slots.Count, (long)x.NonZeros * hidden, (from, to) =>
            {
                var batch = new CsrBatch(new ReadOnlySpan<int>((void*)rsa, starts), new ReadOnlySpan<int>((void*)ixa, entries),
                    new ReadOnlySpan<float>((void*)vsa, entries), rows, inputs);
                ScatterProduct(batch, slots, dh, hidden, g, from, to);
            });
        }
    }

    /// <summary>Hints every cache line of <c>p[0 .. length)</c> into L1 (the last one too, for rows that straddle lines).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe void PrefetchRow(float* p, int length)
    {
        if (!Sse.IsSupported)
        {
            return;
        }
        for (int i = 0; i < length; i += 16)
        {
            Sse.Prefetch0(p + i);
        }
        Sse.Prefetch0(p + length - 1);
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

    /// <summary>The general path: each non-zero's row added to z's row in memory.</summary>
    private static unsafe void EmbeddingBagRows(in CsrBatch x, ReadOnlySpan<float> w, int hidden, Span<float> z, int rowFrom, int rowTo, int last)
    {
        fixed (float* wp = w)
        {
            for (int r = rowFrom; r < rowTo; r++)
            {
                Span<float> zr = z.Slice(r * hidden, hidden);
                zr.Clear();
                for (int k = x.RowStarts[r]; k < x.RowStarts[r + 1]; k++)
                {
                    // W1 rows are scattered over a large matrix: ask for one a few non-zeros ahead.
                    if (k + PrefetchDistance < last && (uint)x.Indices[k + PrefetchDistance] < (uint)(w.Length / hidden))
                    {
                        PrefetchRow(wp + (long)x.Indices[k + PrefetchDistance] * hidden, hidden);
                    }
                    AddScaledRow(zr, w.Slice(x.Indices[k] * hidden, hidden), x.Values[k]);
                }
            }
        }
    }

    /// <summary>Every index of <c>ix[from .. to)</c> names a W1 row (the pointer paths do not bounds-check).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void CheckIndices(int* ix, int from, int to, int inputs)
    {
        for (int k = from; k < to; k++)
        {
            if ((uint)ix[k] >= (uint)inputs)
            {
                throw new IndexOutOfRangeException($"Feature index {ix[k]} is outside the {inputs} rows of W1.");
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchAhead(float* wp, int* ix, int k, int last, int hidden)
    {
        if (k + PrefetchDistance < last)
        {
            PrefetchRow(wp + (long)ix[k + PrefetchDistance] * hidden, hidden);
        }
    }

    private static unsafe void BagRow1(float* wp, int* ix, float* vs, int from, int to, int last, int hidden, float* zr)
    {
        Vector<float> a0 = Vector<float>.Zero;
        for (int k = from; k < to; k++)
        {
            PrefetchAhead(wp, ix, k, last, hidden);
            float* row = wp + (long)ix[k] * hidden;
            var v = new Vector<float>(vs[k]);
            a0 += v * Vector.Load(row);
        }
        a0.Store(zr);
    }

    private static unsafe void BagRow2(float* wp, int* ix, float* vs, int from, int to, int last, int hidden, float* zr)
    {
        int n = Vector<float>.Count;
        Vector<float> a0 = Vector<float>.Zero, a1 = Vector<float>.Zero;
        for (int k = from; k < to; k++)
        {
            PrefetchAhead(wp, ix, k, last, hidden);
            float* row = wp + (long)ix[k] * hidden;
            var v = new Vector<float>(vs[k]);
            a0 += v * Vector.Load(row);
            a1 += v * Vector.Load(row + n);
        }
        a0.Store(zr);
        a1.Store(zr + n);
    }

    private static unsafe void BagRowN(float* wp, int* ix, float* vs, int from, int to, int last, int hidden, int vectors, float* zr)
    {
        int n = Vector<float>.Count;
        Vector<float> a0 = Vector<float>.Zero, a1 = Vector<float>.Zero, a2 = Vector<float>.Zero, a3 = Vector<float>.Zero;
        for (int k = from; k < to; k++)
        {
            PrefetchAhead(wp, ix, k, last, hidden);
            float* row = wp + (long)ix[k] * hidden;
            var v = new Vector<float>(vs[k]);
            a0 += v * Vector.Load(row);
            a1 += v * Vector.Load(row + n);
            a2 += v * Vector.Load(row + 2 * n);
            if (vectors == 4)
            {
                a3 += v * Vector.Load(row + 3 * n);
            }
        }
        a0.Store(zr);
        a1.Store(zr + n);
        a2.Store(zr + 2 * n);
        if (vectors == 4)
        {
            a3.Store(zr + 3 * n);
        }
    }
}
