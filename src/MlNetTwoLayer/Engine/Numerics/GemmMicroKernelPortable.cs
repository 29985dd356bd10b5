namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>
/// 4 x 8 scalar tile for processors without SIMD FMA. Products and sums are separate roundings
/// (no fused multiply-add), in the same per-element order as the SIMD kernels.
/// </summary>
internal readonly unsafe struct GemmMicroKernelPortable : IGemmMicroKernel
{
    private const int Rows = 4;
    private const int Cols = 8;

    /// <inheritdoc/>
    public static int MR => Rows;

    /// <inheritdoc/>
    public static int NR => Cols;

    /// <inheritdoc/>
    public static void Run(int kc, float* a, nint rowStride, nint colStride, float* b, nint bStride, float* c, nint ldc, bool overwrite)
    {
        float* acc = stackalloc float[Rows * Cols];
        new Span<float>(acc, Rows * Cols).Clear();
        for (int p = 0; p < kc; p++)
        {
            for (int r = 0; r < Rows; r++)
            {
                float av = a[r * rowStride];
                float* accRow = acc + r * Cols;
                for (int j = 0; j < Cols; j++)
                {
                    accRow[j] += av * b[j];
                }
            }
            a += colStride;
            b += bStride;
        }
        for (int r = 0; r < Rows; r++)
        {
            float* cRow = c + r * ldc;
            for (int j = 0; j < Cols; j++)
            {
                cRow[j] = overwrite ? acc[r * Cols + j] : cRow[j] + acc[r * Cols + j];
            }
        }
    }
}
