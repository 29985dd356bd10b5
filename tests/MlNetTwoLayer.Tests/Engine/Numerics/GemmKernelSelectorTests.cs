using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using Xunit;
using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

public class GemmKernelSelectorTests
{
    /// <summary>
    /// Every family gives results within rounding of the others, so a selector that settled for a narrower
    /// family than the processor has (AVX2 on an AVX-512 machine) would pass every product test while
    /// halving the speed; only this test sees it. The enum lists the families narrowest first.
    /// </summary>
    [Fact]
    public void BestIsTheWidestFamilyThisProcessorSupports()
    {
        GemmKernelKind best = GemmKernelSelector.Best;
        Assert.True(GemmKernelSelector.IsSupported(best), $"{best} is not supported here");
        foreach (GemmKernelKind wider in Enum.GetValues<GemmKernelKind>().Where(kind => kind > best))
        {
            Assert.False(GemmKernelSelector.IsSupported(wider), $"{wider} is supported but {best} was chosen");
        }
    }

    [Fact]
    public void EachFamilyIsSupportedExactlyWhenItsInstructionsAre()
    {
        bool fma128 = Vector128.IsHardwareAccelerated && (Fma.IsSupported || AdvSimd.IsSupported);
        Assert.True(GemmKernelSelector.IsSupported(GemmKernelKind.Portable));
        Assert.Equal(fma128, GemmKernelSelector.IsSupported(GemmKernelKind.Vector128));
        Assert.Equal(Fma.IsSupported && Avx2.IsSupported, GemmKernelSelector.IsSupported(GemmKernelKind.Avx2));
        Assert.Equal(Avx512F.IsSupported, GemmKernelSelector.IsSupported(GemmKernelKind.Avx512));
    }
}
