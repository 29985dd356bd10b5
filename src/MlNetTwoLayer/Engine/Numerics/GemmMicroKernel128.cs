using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>
/// 4 x 16 tile on cross-platform <c>Vector128</c> with fused multiply-add: the path for processors
/// with 128-bit SIMD only (Arm64 AdvSimd; x64 without AVX2). 16 accumulators: Arm64 has 32 vector
/// registers, and four independent chains per B vector cover the FMA latency.
/// </summary>
internal readonly unsafe struct GemmMicroKernel128 : IGemmMicroKernel
{
    /// <inheritdoc/>
    public static int MR => 4;

    /// <inheritdoc/>
    public static int NR => 16;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(int kc, float* a, nint rowStride, nint colStride, float* b, nint bStride, float* c, nint ldc, bool overwrite)
    {
        Vector128<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector128<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector128<float> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector128<float> c30 = default, c31 = default, c32 = default, c33 = default;
        nint r1 = rowStride, r2 = 2 * rowStride, r3 = 3 * rowStride;
        for (int p = 0; p < kc; p++)
        {
            Vector128<float> b0 = Vector128.Load(b), b1 = Vector128.Load(b + 4);
            Vector128<float> b2 = Vector128.Load(b + 8), b3 = Vector128.Load(b + 12);
            Vector128<float> av = Vector128.Create(a[0]);
            c00 = Vector128.FusedMultiplyAdd(av, b0, c00);
            c01 = Vector128.FusedMultiplyAdd(av, b1, c01);
            c02 = Vector128.FusedMultiplyAdd(av, b2, c02);
            c03 = Vector128.FusedMultiplyAdd(av, b3, c03);
            av = Vector128.Create(a[r1]);
            c10 = Vector128.FusedMultiplyAdd(av, b0, c10);
            c11 = Vector128.FusedMultiplyAdd(av, b1, c11);
            c12 = Vector128.FusedMultiplyAdd(av, b2, c12);
            c13 = Vector128.FusedMultiplyAdd(av, b3, c13);
            av = Vector128.Create(a[r2]);
            c20 = Vector128.FusedMultiplyAdd(av, b0, c20);
            c21 = Vector128.FusedMultiplyAdd(av, b1, c21);
            c22 = Vector128.FusedMultiplyAdd(av, b2, c22);
            c23 = Vector128.FusedMultiplyAdd(av, b3, c23);
            av = Vector128.Create(a[r3]);
            c30 = Vector128.FusedMultiplyAdd(av, b0, c30);
            c31 = Vector128.FusedMultiplyAdd(av, b1, c31);
            c32 = Vector128.FusedMultiplyAdd(av, b2, c32);
            c33 = Vector128.FusedMultiplyAdd(av, b3, c33);
            a += colStride;
            b += bStride;
        }
        StoreRow(c, c00, c01, c02, c03, overwrite);
        StoreRow(c + ldc, c10, c11, c12, c13, overwrite);
        StoreRow(c + 2 * ldc, c20, c21, c22, c23, overwrite);
        StoreRow(c + 3 * ldc, c30, c31, c32, c33, overwrite);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* c, Vector128<float> v0, Vector128<float> v1, Vector128<float> v2, Vector128<float> v3, bool overwrite)
    {
        if (!overwrite)
        {
            v0 = Vector128.Load(c) + v0;
            v1 = Vector128.Load(c + 4) + v1;
            v2 = Vector128.Load(c + 8) + v2;
            v3 = Vector128.Load(c + 12) + v3;
        }
        v0.Store(c);
        v1.Store(c + 4);
        v2.Store(c + 8);
        v3.Store(c + 12);
    }
}
