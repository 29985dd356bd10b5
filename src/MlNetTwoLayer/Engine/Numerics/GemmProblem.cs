namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>
/// One validated product <c>C (+)= op(A)·op(B)</c> as raw pointers and strides, so it can be handed
/// to worker threads (spans cannot leave the caller's stack). Only valid while the caller keeps the
/// operands pinned, which <see cref="GemmEngine.Multiply"/> does until every worker is done.
/// </summary>
internal readonly unsafe struct GemmProblem
{
    /// <summary>Captures the arguments of <see cref="GemmEngine.Multiply"/>.</summary>
    public GemmProblem(bool transposeA, bool transposeB, int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc, bool accumulate)
    {
        M = m;
        N = n;
        K = k;
        A = a;
        B = b;
        C = c;
        Ldc = ldc;
        Accumulate = accumulate;
        TransposeB = transposeB;
        ARowStride = transposeA ? 1 : lda;
        AColStride = transposeA ? lda : 1;
        BRowStride = transposeB ? 1 : ldb;
        BColStride = transposeB ? ldb : 1;
    }

    /// <summary>Rows of C.</summary>
    public int M { get; }

    /// <summary>Columns of C.</summary>
    public int N { get; }

    /// <summary>The reduction length.</summary>
    public int K { get; }

    /// <summary>op(A)(i, p) lives at <c>A + i·ARowStride + p·AColStride</c>.</summary>
    public float* A { get; }

    /// <summary>op(B)(p, j) lives at <c>B + p·BRowStride + j·BColStride</c>.</summary>
    public float* B { get; }

    /// <summary>C(i, j) lives at <c>C + i·Ldc + j</c>.</summary>
    public float* C { get; }

    /// <summary>Row stride of C.</summary>
    public nint Ldc { get; }

    /// <summary>Whether the product is added to C rather than replacing it.</summary>
    public bool Accumulate { get; }

    /// <summary>Whether B is stored n x k, so its rows of op(B) are not contiguous and must be packed.</summary>
    public bool TransposeB { get; }

    /// <summary>Distance between op(A) rows.</summary>
    public nint ARowStride { get; }

    /// <summary>Distance between op(A) columns.</summary>
    public nint AColStride { get; }

    /// <summary>Distance between op(B) rows.</summary>
    public nint BRowStride { get; }

    /// <summary>Distance between op(B) columns.</summary>
    public nint BColStride { get; }
}
