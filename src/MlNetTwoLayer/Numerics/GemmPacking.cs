using System.Runtime.CompilerServices;

namespace MlNetTwoLayer.Numerics;

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
    /// Packs the <paramref name="kc"/> x <paramref name="cols"/> block whose element (p, j) is at
    /// <c>src + p·rowStride + j·colStride</c> into <c>ceil(cols/nr)</c> panels of <c>kc·nr</c> floats.
    /// </summary>
    public static void PackB(float* src, nint rowStride, nint colStride, int kc, int cols, int nr, float* dst)
    {
        for (int jr = 0; jr < cols; jr += nr)
        {
            int live = Math.Min(nr, cols - jr);
            float* s = src + jr * colStride;
            if (colStride == 1)
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
