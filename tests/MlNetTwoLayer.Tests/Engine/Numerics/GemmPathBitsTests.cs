using Xunit;
using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

/// <summary>
/// Which path an engine sends a product down (the small-n kernels, the blocked driver) never changes a bit
/// for its kernel family: each element is one chain per k-slice in every path. A path taken for the wrong
/// family or shape (the AVX-512 small-n kernels for a portable engine, found by mutation testing) stays
/// within every tolerance of <see cref="NaiveGemm"/>, so only a comparison of bits sees it.
/// </summary>
public class GemmPathBitsTests
{
    public static TheoryData<int, int, int, bool, bool> Shapes() => new()
    {
        { 37, 11, 97, true, false },   // hᵀ·dscore-like: the transposed-A small-n path on AVX-512
        { 129, 15, 300, true, false }, // the same across two k-slices
        { 40, 16, 70, false, false },  // the row-vector small-n path, n = its width
        { 33, 9, 130, false, true },   // small n with B transposed
        { 20, 3, 5, true, true },      // short k: the transposed-A path refuses it
        { 19, 40, 97, true, false },   // n past the small-n width: the blocked driver
        { 37, 11, 97, true, true },    // the transposed-A path with B transposed too
        { 45, 10, 20, false, false },  // the row-vector path: five full 8-row blocks and a short one of 5
        { 10, 4, 9, false, false },    // ... and short last blocks of 2, 3, 4, 6 and 7 rows
        { 11, 4, 9, false, false },
        { 12, 4, 9, false, false },
        { 14, 4, 9, false, false },
        { 15, 4, 9, false, false },
        { 12, 7, 300, false, false },  // the row-vector path across two k-slices
        { 13, 8, 40, false, false },   // the AVX2 row-vector path (6-row blocks): a last block of 1 row, n = one full vector
        { 17, 12, 9, false, true },    // ... a last block of 5, the second vector half live, B transposed
        { 6, 1, 5, true, false },      // ... one block, one column, A transposed
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public unsafe void EveryFamilyGivesItsBlockedDriversBitsWhicheverPathTakesTheProduct(int m, int n, int k, bool transposeA, bool transposeB)
    {
        var data = new GemmTestData(transposeA, transposeB, m, n, k, pad: 1, seed: m * 31 + n * 7 + k);
        foreach (GemmKernelKind kind in Enum.GetValues<GemmKernelKind>().Where(GemmKernelSelector.IsSupported))
        {
            foreach (bool accumulate in new[] { false, true })
            {
                float[] viaEngine = data.RunEngine(new GemmEngine(1, kind), accumulate);
                float[] viaDriver = (float[])data.C.Clone();
                using var scratch = new GemmScratch();
                fixed (float* a = data.A, b = data.B, c = viaDriver)
                {
                    var problem = new GemmProblem(transposeA, transposeB, m, n, k, a, data.Lda, b, data.Ldb, c, data.Ldc, accumulate);
                    GemmEngine.RunRegion(kind, problem, 0, m, 0, n, scratch, pack: false);
                }
                Assert.True(viaEngine.SequenceEqual(viaDriver), $"{kind} accumulate={accumulate}: the engine's path gave other bits than the blocked driver");

                // C as the start of a longer buffer: nothing past its m rows may be written (the kernels store unchecked).
                float[] longer = new float[data.C.Length + 64];
                longer.AsSpan().Fill(7f);
                data.C.CopyTo(longer, 0);
                new GemmEngine(1, kind).Multiply(transposeA, transposeB, m, n, k, data.A, data.Lda, data.B, data.Ldb,
                    longer.AsSpan(0, data.C.Length), data.Ldc, accumulate);
                Assert.True(longer.AsSpan(data.C.Length).ToArray().All(v => v == 7f), $"{kind}: a product wrote past the end of C");
            }
        }
    }
}
