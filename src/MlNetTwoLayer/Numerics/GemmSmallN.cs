using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MlNetTwoLayer.Numerics;

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
    /// <summary>Whether this path takes the product: AVX-512 and n within one vector.</summary>
    public static bool Accepts(GemmKernelKind kind, int n) =>
        kind == GemmKernelKind.Avx512 && n <= GemmScratch.SmallNWidth;

    /// <summary>Computes the whole product on the calling thread.</summary>
    public static void Run(in GemmProblem p, GemmScratch s)
    {
        const int W = GemmScratch.SmallNWidth;
        int m = p.M, n = p.N;
        nint ars = p.ARowStride, acs = p.AColStride, ldc = p.Ldc;
        float* packed = s.SmallB;
        float* tile = s.Tile;
        for (int pc = 0; pc < p.K; pc += GemmScratch.KC)
        {
            int kc = Math.Min(GemmScratch.KC, p.K - pc);
            bool overwrite = pc == 0 && !p.Accumulate;
            GemmPacking.PackB(p.B + pc * p.BRowStride, p.BRowStride, p.BColStride, kc, n, W, packed);
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
                float* b = packed;
                for (nint q = 0, off = 0; q < kc; q++, off += acs)
                {
                    Vector512<float> bv = Vector512.Load(b);
                    c0 = Avx512F.FusedMultiplyAdd(Vector512.Create(a0[off]), bv, c0);
                    c1 = Avx512F.FusedMultiplyAdd(Vector512.Create(a1[off]), bv, c1);
                    c2 = Avx512F.FusedMultiplyAdd(Vector512.Create(a2[off]), bv, c2);
                    c3 = Avx512F.FusedMultiplyAdd(Vector512.Create(a3[off]), bv, c3);
                    c4 = Avx512F.FusedMultiplyAdd(Vector512.Create(a4[off]), bv, c4);
                    c5 = Avx512F.FusedMultiplyAdd(Vector512.Create(a5[off]), bv, c5);
                    c6 = Avx512F.FusedMultiplyAdd(Vector512.Create(a6[off]), bv, c6);
                    c7 = Avx512F.FusedMultiplyAdd(Vector512.Create(a7[off]), bv, c7);
                    b += W;
                }
                c0.Store(tile);
                c1.Store(tile + W);
                c2.Store(tile + 2 * W);
                c3.Store(tile + 3 * W);
                c4.Store(tile + 4 * W);
                c5.Store(tile + 5 * W);
                c6.Store(tile + 6 * W);
                c7.Store(tile + 7 * W);
                for (int r = 0; r < rows; r++)
                {
                    float* t = tile + r * W;
                    float* cr = p.C + (i0 + r) * ldc;
                    for (int j = 0; j < n; j++)
                    {
                        cr[j] = overwrite ? t[j] : cr[j] + t[j];
                    }
                }
            }
        }
    }

    private static float* RowStart(in GemmProblem p, int i0, int r, int pc, nint ars, nint acs) =>
        p.A + Math.Min(i0 + r, p.M - 1) * ars + pc * acs;
}
