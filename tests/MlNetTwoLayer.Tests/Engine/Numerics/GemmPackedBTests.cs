using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

/// <summary>
/// Mid-size products (from <see cref="GemmEngine.PackBThreshold"/> up to <see cref="GemmEngine.PackThreshold"/>)
/// pack B and read A in place; smaller ones read both in place. Which way a product goes must not change a bit,
/// or a model would depend on how a caller cut its batches.
/// </summary>
public class GemmPackedBTests
{
    [Theory]
    [InlineData(false, 128, 128, 784)] // the MNIST shape's x·W1
    [InlineData(true, 130, 128, 131)]  // xᵀ·dh-like, ragged rows and a k that is not a multiple of 8
    [InlineData(false, 50, 77, 300)]   // ragged column panel, two k-slices
    public void AProductThatPacksBMatchesTheSameRowsComputedInPlace(bool transposeA, int m, int n, int k)
    {
        long work = (long)m * n * k;
        Assert.InRange(work, GemmEngine.PackBThreshold, GemmEngine.PackThreshold - 1);
        const int blockRows = 6;
        Assert.True((long)blockRows * n * k < GemmEngine.PackBThreshold);
        var data = new GemmTestData(transposeA, false, m, n, k, pad: 3, seed: m + n + k);
        float[] naive = data.RunNaive(accumulate: true);
        foreach (GemmKernelKind kind in Enum.GetValues<GemmKernelKind>().Where(GemmKernelSelector.IsSupported))
        {
            using var engine = new GemmEngine(1, kind);
            float[] whole = data.RunEngine(engine, accumulate: true);
            float[] blocks = (float[])data.C.Clone();
            for (int row = 0; row < m; row += blockRows)
            {
                int rows = Math.Min(blockRows, m - row);
                // A row block of op(A): rows of A, or columns of Aᵀ (same leading dimension, shifted start).
                ReadOnlySpan<float> a = transposeA ? data.A.AsSpan(row) : data.A.AsSpan(row * data.Lda);
                engine.Multiply(transposeA, false, rows, n, k, a, data.Lda, data.B, data.Ldb, blocks.AsSpan(row * data.Ldc), data.Ldc, accumulate: true);
            }
            Assert.Equal(blocks, whole);
            Tolerance.AllClose(naive, whole, relative: 1e-4, absolute: 1e-5 * (k + 1), $"{kind} {m}x{n}x{k}");
        }
    }
}
