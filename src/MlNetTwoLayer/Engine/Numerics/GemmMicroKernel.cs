namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>
/// A register-blocked micro-kernel: computes one <see cref="MR"/> x <see cref="NR"/> tile of
/// <c>Σ_p A(r,p)·B(p,c)</c> over a k-slice of length <c>kc</c> and writes it to, or adds it to, C.
/// </summary>
/// <remarks>
/// A is read through strides so one kernel serves packed panels (<c>rowStride = 1</c>,
/// <c>colStride = MR</c>) and unpacked A in either orientation. B rows are read as NR contiguous
/// floats <c>bStride</c> apart, which fits a packed panel (<c>bStride = NR</c>) and untransposed B.
/// Implemented by structs so the generic driver is specialised and the kernel inlined per type.
/// </remarks>
internal unsafe interface IGemmMicroKernel
{
    /// <summary>Rows of the register tile.</summary>
    static abstract int MR { get; }

    /// <summary>Columns of the register tile.</summary>
    static abstract int NR { get; }

    /// <summary>
    /// tile = Σ_{p &lt; kc} A(r,p)·B(p,c); then C = tile when <paramref name="overwrite"/>, else C += tile.
    /// Each element is accumulated over p in increasing order in its own lane, so the result of an
    /// element never depends on which tile or thread computed it.
    /// </summary>
    static abstract void Run(int kc, float* a, nint rowStride, nint colStride, float* b, nint bStride, float* c, nint ldc, bool overwrite);

    /// <summary>
    /// Rows of a shorter tile the kernel runs at full speed, for the last rows of a block that MR does
    /// not divide; 0 when it has none (then a short block runs one zero-padded MR-row tile).
    /// </summary>
    static virtual int EdgeMR => 0;

    /// <summary><see cref="Run"/> for an <see cref="EdgeMR"/> x NR tile, with the same per-element order.</summary>
    static virtual void RunEdge(int kc, float* a, nint rowStride, nint colStride, float* b, nint bStride, float* c, nint ldc, bool overwrite) =>
        throw new NotSupportedException("This kernel has no edge tile (EdgeMR = 0).");
}

/// <summary>Which micro-kernel family an engine uses.</summary>
internal enum GemmKernelKind
{
    /// <summary>Plain scalar code: runs anywhere, used where no SIMD FMA is available.</summary>
    Portable,

    /// <summary>Cross-platform <c>Vector128</c> with fused multiply-add (Arm64 AdvSimd, or x64 without AVX2).</summary>
    Vector128,

    /// <summary><c>Vector256</c> with FMA3 (AVX2-class x64).</summary>
    Avx2,

    /// <summary><c>Vector512</c> with AVX-512F FMA.</summary>
    Avx512,
}

/// <summary>Picks the best kernel family the running processor accelerates.</summary>
internal static class GemmKernelSelector
{
    /// <summary>The fastest family this processor supports.</summary>
    public static GemmKernelKind Best { get; } =
        System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? GemmKernelKind.Avx512
        : System.Runtime.Intrinsics.X86.Fma.IsSupported && System.Runtime.Intrinsics.X86.Avx2.IsSupported ? GemmKernelKind.Avx2
        : System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated && HasFusedMultiplyAdd ? GemmKernelKind.Vector128
        : GemmKernelKind.Portable;

    /// <summary>Whether <paramref name="kind"/> can run on this processor.</summary>
    public static bool IsSupported(GemmKernelKind kind) => kind switch
    {
        GemmKernelKind.Avx512 => System.Runtime.Intrinsics.X86.Avx512F.IsSupported,
        GemmKernelKind.Avx2 => System.Runtime.Intrinsics.X86.Fma.IsSupported && System.Runtime.Intrinsics.X86.Avx2.IsSupported,
        GemmKernelKind.Vector128 => System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated && HasFusedMultiplyAdd,
        _ => true,
    };

    /// <summary>Whether 128-bit FMA is a hardware instruction (else <c>Vector128.FusedMultiplyAdd</c> is emulated, slowly).</summary>
    private static bool HasFusedMultiplyAdd =>
        System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;
}
