using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>
/// Copies operand blocks into the layouts the micro-kernels stream: A as panels of <c>mr</c> rows
/// (p-major, the panel's rows adjacent), B as panels of <c>nr</c> columns (p-major, columns
/// adjacent). Short last panels are zero-padded so kernels always run full tiles. The transposes
/// are absorbed here: kernels never see them.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>
    /// Packs the <paramref name="rows"/> x <paramref name="kc"/> block whose element (i, p) is at
    /// <c>src + i·rowStride + p·colStride</c> into <c>ceil(rows/mr)</c> panels of <c>mr·kc</c> floats.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(float* src, nint rowStride, nint colStride, int rows, int kc, int mr, float* dst)
    {
        for (int ir = 0; ir < rows; ir += mr)
        {
            int live = Math.Min(mr, rows - ir);
            float* s = src + ir * rowStride;
            if (rowStride == 1)
            {
                // Stored transposed: each p contributes `live` contiguous floats.
                for (int p = 0; p < kc; p++)
                {
                    float* d = dst + p * mr;
                    Unsafe.CopyBlockUnaligned(d, s + p * colStride, (uint)(live * sizeof(float)));
                    for (int r = live; r < mr; r++)
                    {
                        d[r] = 0;
                    }
                }
            }
            else if (live == 8 && mr == 8 && colStride == 1 && Avx.IsSupported)
            {
                PackEightRows(s, rowStride, kc, dst);
            }
            else if (live == 6 && mr == 6 && colStride == 1 && Avx2.IsSupported)
            {
                PackSixRows(s, rowStride, kc, dst);
            }
            else
            {
                // Row-major: read each row contiguously, scatter with stride mr.
                for (int r = 0; r < live; r++)
                {
                    float* row = s + r * rowStride;
                    float* d = dst + r;
                    for (int p = 0; p < kc; p++)
                    {
                        d[p * mr] = row[p * colStride];
                    }
                }
                for (int r = live; r < mr; r++)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        dst[p * mr + r] = 0;
                    }
                }
            }
            dst += mr * kc;
        }
    }

    /// <summary>
    /// Full 8-row panel of row-major A: 8 x 8 blocks are transposed in registers, so the packing of
    /// large products (which re-packs A once per column block) costs loads and shuffles, not a
    /// scalar scatter per element.
    /// </summary>
    private static void PackEightRows(float* src, nint rowStride, int kc, float* dst)
    {
        int p = 0;
        for (; p + 8 <= kc; p += 8)
        {
            float* s = src + p;
            Vector256<float> r0 = Avx.LoadVector256(s), r1 = Avx.LoadVector256(s + rowStride);
            Vector256<float> r2 = Avx.LoadVector256(s + 2 * rowStride), r3 = Avx.LoadVector256(s + 3 * rowStride);
            Vector256<float> r4 = Avx.LoadVector256(s + 4 * rowStride), r5 = Avx.LoadVector256(s + 5 * rowStride);
            Vector256<float> r6 = Avx.LoadVector256(s + 6 * rowStride), r7 = Avx.LoadVector256(s + 7 * rowStride);
            Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
            Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
            Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
            Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
            Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE);
            Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
            Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE);
            Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
            float* d = dst + p * 8;
            Avx.Store(d, Avx.Permute2x128(s0, s4, 0x20));
            Avx.Store(d + 8, Avx.Permute2x128(s1, s5, 0x20));
            Avx.Store(d + 16, Avx.Permute2x128(s2, s6, 0x20));
            Avx.Store(d + 24, Avx.Permute2x128(s3, s7, 0x20));
            Avx.Store(d + 32, Avx.Permute2x128(s0, s4, 0x31));
            Avx.Store(d + 40, Avx.Permute2x128(s1, s5, 0x31));
            Avx.Store(d + 48, Avx.Permute2x128(s2, s6, 0x31));
            Avx.Store(d + 56, Avx.Permute2x128(s3, s7, 0x31));
        }
        for (; p < kc; p++)
        {
            for (int r = 0; r < 8; r++)
            {
                dst[p * 8 + r] = src[r * rowStride + p];
            }
        }
    }

    /// <summary>
    /// Full 6-row panel of row-major A (the AVX2 kernel's): each 6 x 8 block is transposed in registers
    /// as an 8 x 8 block whose last two rows are zero, and its eight 6-float columns stored overlapping,
    /// each store's two spare lanes overwritten by the next (the last one masked). The scalar scatter it
    /// replaces cost 11 ms of packing A against 173 ms of arithmetic at 2048³.
    /// </summary>
    private static void PackSixRows(float* src, nint rowStride, int kc, float* dst)
    {
        Vector256<float> firstSix = Vector256.Create(-1, -1, -1, -1, -1, -1, 0, 0).AsSingle();
        int p = 0;
        for (; p + 8 <= kc; p += 8)
        {
            float* s = src + p;
            Vector256<float> r0 = Avx.LoadVector256(s), r1 = Avx.LoadVector256(s + rowStride);
            Vector256<float> r2 = Avx.LoadVector256(s + 2 * rowStride), r3 = Avx.LoadVector256(s + 3 * rowStride);
            Vector256<float> r4 = Avx.LoadVector256(s + 4 * rowStride), r5 = Avx.LoadVector256(s + 5 * rowStride);
            Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
            Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
            Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
            Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE);
            Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
            Vector256<float> s4 = Avx.Shuffle(t4, Vector256<float>.Zero, 0x44), s5 = Avx.Shuffle(t4, Vector256<float>.Zero, 0xEE);
            Vector256<float> s6 = Avx.Shuffle(t5, Vector256<float>.Zero, 0x44), s7 = Avx.Shuffle(t5, Vector256<float>.Zero, 0xEE);
            float* d = dst + p * 6;
            Avx.Store(d, Avx.Permute2x128(s0, s4, 0x20));
            Avx.Store(d + 6, Avx.Permute2x128(s1, s5, 0x20));
            Avx.Store(d + 12, Avx.Permute2x128(s2, s6, 0x20));
            Avx.Store(d + 18, Avx.Permute2x128(s3, s7, 0x20));
            Avx.Store(d + 24, Avx.Permute2x128(s0, s4, 0x31));
            Avx.Store(d + 30, Avx.Permute2x128(s1, s5, 0x31));
            Avx.Store(d + 36, Avx.Permute2x128(s2, s6, 0x31));
            Avx.MaskStore(d + 42, firstSix, Avx.Permute2x128(s3, s7, 0x31));
        }
        for (; p < kc; p++)
        {
            for (int r = 0; r < 6; r++)
            {
                dst[p * 6 + r] = src[r * rowStride + p];
            }
        }
    }

    /// <summary>
    /// Packs the <paramref name="kc"/> x <paramref name="cols"/> block whose element (p, j) is at
    /// <c>src + p·rowStride + j·colStride</c> into <c>ceil(cols/nr)</c> panels of <c>kc·nr</c> floats.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(float* src, nint rowStride, nint colStride, int kc, int cols, int nr, float* dst)
    {
        for (int jr = 0; jr < cols; jr += nr)
        {
            int live = Math.Min(nr, cols - jr);
            float* s = src + jr * colStride;
            if (colStride == 1 && live == nr && nr % 8 == 0)
            {
                // A full panel: whole vectors per row. A call to the block copy per 64-byte row cost more
                // than the copy itself (2048³: 4.2 ms of packing B against 173 ms of arithmetic).
                for (int p = 0; p < kc; p++)
                {
                    float* d = dst + p * nr;
                    float* row = s + p * rowStride;
                    for (int j = 0; j < nr; j += 8)
                    {
                        Vector256.Store(Vector256.Load(row + j), d + j);
                    }
                }
            }
            else if (colStride == 1)
            {
                for (int p = 0; p < kc; p++)
                {
                    float* d = dst + p * nr;
                    Unsafe.CopyBlockUnaligned(d, s + p * rowStride, (uint)(live * sizeof(float)));
                    for (int j = live; j < nr; j++)
                    {
                        d[j] = 0;
                    }
                }
            }
            else
            {
                // Stored transposed (n x k): each column of op(B) is a contiguous row of B.
                for (int j = 0; j < live; j++)
                {
                    float* column = s + j * colStride;
                    float* d = dst + j;
                    for (int p = 0; p < kc; p++)
                    {
                        d[p * nr] = column[p * rowStride];
                    }
                }
                for (int j = live; j < nr; j++)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        dst[p * nr + j] = 0;
                    }
                }
            }
            dst += nr * kc;
        }
    }
}
