using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

/// <summary>
/// The packed path with a last k-slice that is not a multiple of 8: the AVX-512 family packs full 8-row panels of
/// row-major A by 8 x 8 register transposes and the slice's last k % 8 columns one by one, which the other packed
/// tests (k-slices of 256, 256 and 8) never reach.
/// </summary>
public class GemmPackingTailTests
{
    [Theory]
    [InlineData(40, 300, 1403)] // k-slices 256 x 5 and 123 (123 = 15·8 + 3); 40 rows = five full 8-row panels
    [InlineData(17, 700, 1411)] // two full panels and a ragged one; last slice 131 = 16·8 + 3
    public void APackedProductWhoseLastKSliceIsRaggedMatchesNaive(int m, int n, int k)
    {
        Assert.True((long)m * n * k >= GemmEngine.PackThreshold);
        var data = new GemmTestData(false, false, m, n, k, pad: 2, seed: m + n + k);
        float[] expected = data.RunNaive(accumulate: false);
        foreach (GemmKernelKind kind in Enum.GetValues<GemmKernelKind>().Where(GemmKernelSelector.IsSupported))
        {
            using var engine = new GemmEngine(1, kind);
            float[] actual = data.RunEngine(engine, accumulate: false);
            Tolerance.AllClose(expected, actual, relative: 1e-4, absolute: 1e-5 * (k + 1), $"{kind} {m}x{n}x{k}");
        }
    }
}
