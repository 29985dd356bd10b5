namespace MlNetTwoLayer.Numerics;

/// <summary>
/// The one seam every matrix product of the network goes through:
/// <c>C = op(A)·op(B)</c> (or <c>C += …</c>), row-major, with leading dimensions.
/// An instance owns whatever scratch memory its kernels need, so a training run that keeps one
/// engine allocates nothing per product.
/// </summary>
/// <remarks>
/// op(A) is m x k: A is stored m x k (row stride <c>lda</c>), or k x m when <c>transposeA</c>.
/// op(B) is k x n: B is stored k x n (row stride <c>ldb</c>), or n x k when <c>transposeB</c>.
/// Results never depend on <see cref="Threads"/>: work is split over output blocks only, and each
/// output element is reduced over k in one fixed order.
/// </remarks>
internal sealed class GemmEngine
{
    /// <summary>Creates an engine that may use up to <paramref name="threads"/> threads.</summary>
    public GemmEngine(int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Threads = threads;
    }

    /// <summary>The most threads one product may use.</summary>
    public int Threads { get; }

    /// <summary>Computes <c>C = op(A)·op(B)</c>, or adds it to C when <paramref name="accumulate"/>.</summary>
    public void Multiply(bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate)
    {
        GemmArguments.Validate(transposeA, transposeB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (!accumulate)
        {
            for (int i = 0; i < m; i++)
            {
                c.Slice(i * ldc, n).Clear();
            }
        }
        if (k == 0 || m == 0 || n == 0)
        {
            return;
        }

        if (!transposeB)
        {
            if (!transposeA)
            {
                // C[i,:] += Σ_p A[i,p]·B[p,:]
                for (int i = 0; i < m; i++)
                {
                    Span<float> cRow = c.Slice(i * ldc, n);
                    ReadOnlySpan<float> aRow = a.Slice(i * lda, k);
                    for (int p = 0; p < k; p++)
                    {
                        VectorKernels.AddScaled(cRow, b.Slice(p * ldb, n), aRow[p]);
                    }
                }
            }
            else
            {
                // C[i,:] += Σ_p A[p,i]·B[p,:], p outer so A and B stream row by row.
                for (int p = 0; p < k; p++)
                {
                    ReadOnlySpan<float> aRow = a.Slice(p * lda, m);
                    ReadOnlySpan<float> bRow = b.Slice(p * ldb, n);
                    for (int i = 0; i < m; i++)
                    {
                        float alpha = aRow[i];
                        if (alpha != 0)
                        {
                            VectorKernels.AddScaled(c.Slice(i * ldc, n), bRow, alpha);
                        }
                    }
                }
            }
            return;
        }

        // transposeB: C[i,j] += op(A)[i,:] · B[j,:]
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                ReadOnlySpan<float> bRow = b.Slice(j * ldb, k);
                float sum;
                if (!transposeA)
                {
                    sum = VectorKernels.Dot(a.Slice(i * lda, k), bRow);
                }
                else
                {
                    sum = 0;
                    for (int p = 0; p < k; p++)
                    {
                        sum += a[p * lda + i] * bRow[p];
                    }
                }
                c[i * ldc + j] += sum;
            }
        }
    }
}

/// <summary>Argument checks shared by every GEMM implementation, so each one fails the same way.</summary>
internal static class GemmArguments
{
    /// <summary>Throws when a dimension is negative or a buffer is too short for the shape it is given.</summary>
    public static void Validate(bool transposeA, bool transposeB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(m), $"GEMM dimensions must be non-negative (m={m}, n={n}, k={k}).");
        }
        int aRows = transposeA ? k : m, aCols = transposeA ? m : k;
        int bRows = transposeB ? n : k, bCols = transposeB ? k : n;
        CheckOperand("A", aRows, aCols, lda, aLength);
        CheckOperand("B", bRows, bCols, ldb, bLength);
        CheckOperand("C", m, n, ldc, cLength);
    }

    private static void CheckOperand(string name, int rows, int cols, int ld, int length)
    {
        if (ld < cols)
        {
            throw new ArgumentOutOfRangeException(name, $"Leading dimension {ld} of {name} is smaller than its {cols} columns.");
        }
        if (rows > 0 && cols > 0 && (long)(rows - 1) * ld + cols > length)
        {
            throw new ArgumentException($"{name} holds {length} elements, too few for {rows} x {cols} with leading dimension {ld}.", name);
        }
    }
}
