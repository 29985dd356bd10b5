using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>
/// Products with at most 16 output columns (the output layer: n = classes). A whole output row fits
/// one <c>Vector512</c>, so the kernel keeps eight rows' accumulators in registers and streams A
/// once; a general 32-wide tile would leave most lanes idle and re-read A per tile.
/// </summary>
/// <remarks>
/// Same reduction order as <see cref="GemmDriver{TKernel}"/>: per k-slice of
/// <see cref="GemmScratch.KC"/>, one FMA chain per element, then one addition into C.
/// </remarks>
internal static unsafe class GemmSmallN
{
    /// <summary>
    /// Whether this path takes the product: n within <see cref="GemmScratch.SmallNWidth"/>, for the AVX-512 family
    /// (one <c>Vector512</c> a row, below) and the AVX2 family (two <c>Vector256</c>, <see cref="GemmSmallN256"/>).
    /// </summary>
    public static bool Accepts(GemmKernelKind kind, int n) =>
        kind is GemmKernelKind.Avx512 or GemmKernelKind.Avx2 && n <= GemmScratch.SmallNWidth;

    /// <summary>Computes the whole product on the calling thread with <paramref name="kind"/>'s kernel (one <see cref="Accepts"/> took).</summary>
    public static void Run(GemmKernelKind kind, in GemmProblem p, GemmScratch s)
    {
        if (kind == GemmKernelKind.Avx2)
        {
            GemmSmallN256.Run(p, s);
        }
        else
        {
            Run512(p, s);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run512(in GemmProblem p, GemmScratch s)
    {
        int m = p.M, n = p.N;
        nint ars = p.ARowStride, acs = p.AColStride, ldc = p.Ldc;
        // Lanes past n are masked: AVX-512 masked loads never touch (or fault on) them, so
        // untransposed B is read in place, without padding copies.
        Vector512<float> mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(n)).AsSingle();
        for (int pc = 0; pc < p.K; pc += GemmScratch.KC)
        {
            int kc = Math.Min(GemmScratch.KC, p.K - pc);
            bool overwrite = pc == 0 && !p.Accumulate;
            float* b = KSliceOfB(p, s, pc, kc, out nint bs);
            for (int i0 = 0; i0 < m; i0 += 8)
            {
                int rows = Math.Min(8, m - i0);
                // Rows past the end repeat the last row: their results are computed and dropped,
                // which keeps the loop free of edge branches and edge packing.
                float* a0 = RowStart(p, i0, 0, pc, ars, acs), a1 = RowStart(p, i0, 1, pc, ars, acs);
                float* a2 = RowStart(p, i0, 2, pc, ars, acs), a3 = RowStart(p, i0, 3, pc, ars, acs);
                float* a4 = RowStart(p, i0, 4, pc, ars, acs), a5 = RowStart(p, i0, 5, pc, ars, acs);
                float* a6 = RowStart(p, i0, 6, pc, ars, acs), a7 = RowStart(p, i0, 7, pc, ars, acs);
                Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default;
                Vector512<float> c4 = default, c5 = default, c6 = default, c7 = default;
                float* bp = b;
                for (nint q = 0, off = 0; q < kc; q++, off += acs)
                {
                    Vector512<float> bv = Avx512F.MaskLoad(bp, mask, Vector512<float>.Zero);
                    c0 = Avx512F.FusedMultiplyAdd(Vector512.Create(a0[off]), bv, c0);
                    c1 = Avx512F.FusedMultiplyAdd(Vector512.Create(a1[off]), bv, c1);
                    c2 = Avx512F.FusedMultiplyAdd(Vector512.Create(a2[off]), bv, c2);
                    c3 = Avx512F.FusedMultiplyAdd(Vector512.Create(a3[off]), bv, c3);
                    c4 = Avx512F.FusedMultiplyAdd(Vector512.Create(a4[off]), bv, c4);
                    c5 = Avx512F.FusedMultiplyAdd(Vector512.Create(a5[off]), bv, c5);
                    c6 = Avx512F.FusedMultiplyAdd(Vector512.Create(a6[off]), bv, c6);
                    c7 = Avx512F.FusedMultiplyAdd(Vector512.Create(a7[off]), bv, c7);
                    bp += bs;
                }
                float* c = p.C + i0 * ldc;
                StoreRow(c, c0, mask, overwrite);
                if (rows == 8)
                {
                    StoreRow(c + ldc, c1, mask, overwrite);
                    StoreRow(c + 2 * ldc, c2, mask, overwrite);
                    StoreRow(c + 3 * ldc, c3, mask, overwrite);
                    StoreRow(c + 4 * ldc, c4, mask, overwrite);
                    StoreRow(c + 5 * ldc, c5, mask, overwrite);
                    StoreRow(c + 6 * ldc, c6, mask, overwrite);
                    StoreRow(c + 7 * ldc, c7, mask, overwrite);
                }
                else
                {
                    StoreEdgeRows(c, ldc, rows, c1, c2, c3, c4, c5, c6, mask, overwrite);
                }
            }
        }
    }

    /// <summary>Writes (or adds) the live lanes of one row of C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector512<float> v, Vector512<float> mask, bool overwrite)
    {
        if (!overwrite)
        {
            v = Avx512F.MaskLoad(c, mask, Vector512<float>.Zero) + v;
        }
        Avx512F.MaskStore(c, mask, v);
    }

    /// <summary>Rows 1..rows-1 of a short last row block (row 0 is always live).</summary>
    private static void StoreEdgeRows(float* c, nint ldc, int rows, Vector512<float> c1, Vector512<float> c2, Vector512<float> c3,
        Vector512<float> c4, Vector512<float> c5, Vector512<float> c6, Vector512<float> mask, bool overwrite)
    {
        if (rows > 1) StoreRow(c + ldc, c1, mask, overwrite);
        if (rows > 2) StoreRow(c + 2 * ldc, c2, mask, overwrite);
        if (rows > 3) StoreRow(c + 3 * ldc, c3, mask, overwrite);
        if (rows > 4) StoreRow(c + 4 * ldc, c4, mask, overwrite);
        if (rows > 5) StoreRow(c + 5 * ldc, c5, mask, overwrite);
        if (rows > 6) StoreRow(c + 6 * ldc, c6, mask, overwrite);
    }

    /// <summary>
    /// Rows k0..k0+kc of op(B) for a small-n kernel, with their row stride: untransposed B in place, transposed B
    /// packed into <see cref="GemmScratch.SmallB"/> rows of <see cref="GemmScratch.SmallNWidth"/>.
    /// </summary>
    internal static float* KSliceOfB(in GemmProblem p, GemmScratch s, int k0, int kc, out nint rowStride)
    {
        float* b = p.B + k0 * p.BRowStride;
        rowStride = p.BRowStride;
        if (p.TransposeB)
        {
            GemmPacking.PackB(b, p.BRowStride, p.BColStride, kc, p.N, GemmScratch.SmallNWidth, s.SmallB);
            b = s.SmallB;
            rowStride = GemmScratch.SmallNWidth;
        }
        return b;
    }

    /// <summary>Row i0 + r of op(A) from column k0 on; rows past the end repeat the last row (computed and dropped).</summary>
    internal static float* RowStart(in GemmProblem p, int i0, int r, int k0, nint ars, nint acs) =>
        p.A + Math.Min(i0 + r, p.M - 1) * ars + k0 * acs;
}
