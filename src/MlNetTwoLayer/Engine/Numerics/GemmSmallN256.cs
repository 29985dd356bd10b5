using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>
/// <see cref="GemmSmallN"/> for the AVX2 family: products with at most 16 output columns (the output
/// layer, n = classes), a whole output row in two <c>Vector256</c>, six rows' accumulators in registers,
/// A streamed once and B read in place through masked loads. The general driver instead ran such a
/// product as 16-wide edge tiles, packing B's edge panel and merging each tile into C one element at
/// a time: on Zen 3, h·W2 of the MNIST shape (128 x 10 x 128) ran at 37.8 GFLOP/s there against
/// OpenBLAS's 42.7.
/// </summary>
/// <remarks>
/// Same reduction order as <see cref="GemmDriver{TKernel}"/> and the 6 x 16 kernel it replaces for these
/// shapes: per k-slice of <see cref="GemmScratch.KC"/>, one FMA chain per element, then one addition
/// into C; so the bits are those of the driver.
/// </remarks>
internal static unsafe class GemmSmallN256
{
    private const int Rows = 6;

    /// <summary>Computes the whole product on the calling thread (the AVX2 family, n ≤ <see cref="GemmScratch.SmallNWidth"/>: see <see cref="GemmSmallN.Accepts"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmProblem p, GemmScratch s)
    {
        int m = p.M, n = p.N;
        nint ars = p.ARowStride, acs = p.AColStride, ldc = p.Ldc;
        // Lanes at or past n are masked: masked loads never touch (or fault on) them, so untransposed
        // B is read in place, without padding copies.
        Vector256<float> low = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(n)).AsSingle();
        Vector256<float> high = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(n - Vector256<float>.Count)).AsSingle();
        for (int pc = 0; pc < p.K; pc += GemmScratch.KC)
        {
            int kc = Math.Min(GemmScratch.KC, p.K - pc);
            bool overwrite = pc == 0 && !p.Accumulate;
            float* b = GemmSmallN.KSliceOfB(p, s, pc, kc, out nint bs);
            for (int i0 = 0; i0 < m; i0 += Rows)
            {
                int rows = Math.Min(Rows, m - i0);
                // Rows past the end repeat the last row: computed and dropped, which keeps the loop free of edge branches.
                float* a0 = GemmSmallN.RowStart(p, i0, 0, pc, ars, acs), a1 = GemmSmallN.RowStart(p, i0, 1, pc, ars, acs), a2 = GemmSmallN.RowStart(p, i0, 2, pc, ars, acs);
                float* a3 = GemmSmallN.RowStart(p, i0, 3, pc, ars, acs), a4 = GemmSmallN.RowStart(p, i0, 4, pc, ars, acs), a5 = GemmSmallN.RowStart(p, i0, 5, pc, ars, acs);
                Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
                Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
                float* bp = b;
                for (nint q = 0, off = 0; q < kc; q++, off += acs)
                {
                    Vector256<float> b0 = Avx.MaskLoad(bp, low);
                    Vector256<float> b1 = Avx.MaskLoad(bp + Vector256<float>.Count, high);
                    Vector256<float> av = Vector256.Create(a0[off]);
                    c00 = Fma.MultiplyAdd(av, b0, c00);
                    c01 = Fma.MultiplyAdd(av, b1, c01);
                    av = Vector256.Create(a1[off]);
                    c10 = Fma.MultiplyAdd(av, b0, c10);
                    c11 = Fma.MultiplyAdd(av, b1, c11);
                    av = Vector256.Create(a2[off]);
                    c20 = Fma.MultiplyAdd(av, b0, c20);
                    c21 = Fma.MultiplyAdd(av, b1, c21);
                    av = Vector256.Create(a3[off]);
                    c30 = Fma.MultiplyAdd(av, b0, c30);
                    c31 = Fma.MultiplyAdd(av, b1, c31);
                    av = Vector256.Create(a4[off]);
                    c40 = Fma.MultiplyAdd(av, b0, c40);
                    c41 = Fma.MultiplyAdd(av, b1, c41);
                    av = Vector256.Create(a5[off]);
                    c50 = Fma.MultiplyAdd(av, b0, c50);
                    c51 = Fma.MultiplyAdd(av, b1, c51);
                    bp += bs;
                }
                float* c = p.C + i0 * ldc;
                StoreRow(c, c00, c01, low, high, overwrite);
                if (rows > 1) StoreRow(c + ldc, c10, c11, low, high, overwrite);
                if (rows > 2) StoreRow(c + 2 * ldc, c20, c21, low, high, overwrite);
                if (rows > 3) StoreRow(c + 3 * ldc, c30, c31, low, high, overwrite);
                if (rows > 4) StoreRow(c + 4 * ldc, c40, c41, low, high, overwrite);
                if (rows > 5) StoreRow(c + 5 * ldc, c50, c51, low, high, overwrite);
            }
        }
    }

    /// <summary>Writes (or adds) the live lanes of one row of C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector256<float> v0, Vector256<float> v1, Vector256<float> low, Vector256<float> high, bool overwrite)
    {
        float* c1 = c + Vector256<float>.Count;
        if (!overwrite)
        {
            v0 = Avx.MaskLoad(c, low) + v0;
            v1 = Avx.MaskLoad(c1, high) + v1;
        }
        Avx.MaskStore(c, low, v0);
        Avx.MaskStore(c1, high, v1);
    }
}
