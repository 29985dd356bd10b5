using MlNetTwoLayer.Engine.Numerics;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

/// <summary>
/// Which families the small-n kernels take. They give the blocked driver's bits (<see cref="GemmPathBitsTests"/>),
/// so a product that silently fell back to the driver would pass every product test while running the output
/// layer as 16-wide edge tiles; only this test sees it.
/// </summary>
public class GemmSmallNRoutingTests
{
    [Fact]
    public void TheSmallNKernelsTakeTheOutputLayerForTheirFamilies()
    {
        foreach ((GemmKernelKind kind, bool taken) in new[]
        {
            (GemmKernelKind.Avx512, true), (GemmKernelKind.Avx2, true), (GemmKernelKind.Vector128, false), (GemmKernelKind.Portable, false),
        })
        {
            foreach (int n in new[] { 1, 2, 10, GemmScratch.SmallNWidth })
            {
                Assert.True(taken == GemmSmallN.Accepts(kind, n), $"{kind}, n = {n}");
            }
            Assert.False(GemmSmallN.Accepts(kind, GemmScratch.SmallNWidth + 1), $"{kind}, n = {GemmScratch.SmallNWidth + 1}");
        }
    }
}
