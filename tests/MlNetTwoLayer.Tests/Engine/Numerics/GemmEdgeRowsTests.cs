using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

/// <summary>
/// The last rows of a block that MR does not divide, read in place: the AVX2 kernel runs them in 4-row
/// tiles (its <see cref="IGemmMicroKernel.EdgeMR"/>) rather than one 6-row tile with dead rows. The plan
/// is checked directly (the bits are the same either way, so no product could tell a lost plan), and
/// the rows the edge tiles compute are checked to carry the bits of the same rows in full tiles.
/// </summary>
public class GemmEdgeRowsTests
{
    [Theory]
    [InlineData(128, 120, 8)] // the MNIST batch: 21 full tiles and 2 rows become 20 full tiles and two 4-row tiles
    [InlineData(124, 120, 4)]
    [InlineData(16, 12, 4)]   // the last 16-row block of 784 rows (xᵀ·dh)
    [InlineData(4, 0, 4)]
    [InlineData(8, 0, 8)]     // 8 = 6 + 2 but no full tile to give back: two 4-row tiles from the start
    [InlineData(120, 120, 0)] // MR divides: no edge
    [InlineData(127, 126, 0)] // 1 row left: 1 and 7 are not multiples of 4, so the padded tile stays
    [InlineData(129, 126, 0)] // 3 rows left, 9: the same
    [InlineData(2, 0, 0)]     // 2 rows and nothing to give back
    public void TheAvx2KernelPlansFourRowTilesForTheRowsSixDoesNotDivide(int mc, int expectedFull, int expectedEdge)
    {
        int fullRows = mc / GemmMicroKernel256.MR * GemmMicroKernel256.MR;
        int edge = GemmDriver<GemmMicroKernel256>.EdgeRows(mc, ref fullRows);
        Assert.Equal((expectedFull, expectedEdge), (fullRows, edge));
    }

    [Fact]
    public void KernelsWithoutAnEdgeTilePlanNone()
    {
        int fullRows = 126;
        Assert.Equal(0, GemmDriver<GemmMicroKernel512>.EdgeRows(128, ref fullRows));
        Assert.Equal(126, fullRows);
    }

    [Theory]
    [InlineData(128, 37, 300, false)] // x·W1-like, two k-slices, a column edge
    [InlineData(124, 48, 9, false)]
    [InlineData(16, 40, 130, true)]   // A transposed (xᵀ·dh's last block)
    [InlineData(8, 33, 20, true)]
    [InlineData(10, 17, 7, false)]
    public unsafe void EdgeTilesGiveTheBitsOfFullTiles(int m, int n, int k, bool transposeA)
    {
        if (!GemmKernelSelector.IsSupported(GemmKernelKind.Avx2))
        {
            return;
        }
        // The same rows with enough rows after them that every one of the first m falls in a full 6-row tile.
        int padded = (m + 5) / 6 * 6 + 6;
        var full = new GemmTestData(transposeA, false, padded, n, k, pad: 1, seed: m * 17 + n + k);
        foreach (bool accumulate in new[] { false, true })
        {
            float[] reference = (float[])full.C.Clone();
            float[] edged = (float[])full.C.Clone();
            using var scratch = new GemmScratch();
            fixed (float* a = full.A, b = full.B, c = reference, e = edged)
            {
                GemmEngine.RunRegion(GemmKernelKind.Avx2, new GemmProblem(transposeA, false, padded, n, k, a, full.Lda, b, full.Ldb, c, full.Ldc, accumulate),
                    0, padded, 0, n, scratch, pack: false);
                // The first m rows alone: op(A)'s first m rows are the same memory whichever way A is stored.
                GemmEngine.RunRegion(GemmKernelKind.Avx2, new GemmProblem(transposeA, false, m, n, k, a, full.Lda, b, full.Ldb, e, full.Ldc, accumulate),
                    0, m, 0, n, scratch, pack: false);
            }
            for (int i = 0; i < m; i++)
            {
                Assert.True(reference.AsSpan(i * full.Ldc, n).SequenceEqual(edged.AsSpan(i * full.Ldc, n)),
                    $"row {i} of {m} (accumulate={accumulate}): an edge tile gave other bits than a full tile");
            }
            for (int i = m; i < padded; i++)
            {
                Assert.True(full.C.AsSpan(i * full.Ldc, full.Ldc).SequenceEqual(edged.AsSpan(i * full.Ldc, full.Ldc)),
                    $"row {i}: a product of {m} rows wrote past them");
            }
            float[] expected = full.RunNaive(accumulate);
            Tolerance.AllClose(expected.AsSpan(0, m * full.Ldc).ToArray(), edged.AsSpan(0, m * full.Ldc).ToArray(),
                relative: 1e-4, absolute: 1e-5 * (k + 1), $"{m}x{n}x{k} against the naive product");
        }
    }
}
