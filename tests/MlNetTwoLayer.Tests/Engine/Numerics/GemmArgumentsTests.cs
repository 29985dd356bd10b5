using Xunit;
using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

/// <summary>A bad GEMM argument is refused naming the operand (the exception's parameter and its message), for the engine and its naive twin alike.</summary>
public class GemmArgumentsTests
{
    public static TheoryData<string, bool> Cases() => new()
    {
        { "A", true }, { "B", true }, { "C", true },    // leading dimension smaller than the columns
        { "A", false }, { "B", false }, { "C", false }, // buffer too short
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EachBadOperandIsNamed(string operand, bool badLeadingDimension)
    {
        // 2 x 3 times 3 x 2 into 2 x 2; each case spoils one operand.
        int lda = 3, ldb = 2, ldc = 2;
        int aLength = 6, bLength = 6, cLength = 4;
        switch (operand)
        {
            case "A": if (badLeadingDimension) { lda = 2; } else { aLength = 5; } break;
            case "B": if (badLeadingDimension) { ldb = 1; } else { bLength = 5; } break;
            default: if (badLeadingDimension) { ldc = 1; } else { cLength = 3; } break;
        }
        float[] a = new float[aLength], b = new float[bLength], c = new float[cLength];
        foreach (Action multiply in new Action[]
        {
            () => new GemmEngine().Multiply(false, false, 2, 2, 3, a, lda, b, ldb, c, ldc, accumulate: false),
            () => NaiveGemm.Multiply(false, false, 2, 2, 3, a, lda, b, ldb, c, ldc, accumulate: false),
        })
        {
            ArgumentException e = Assert.ThrowsAny<ArgumentException>(multiply);
            Assert.Equal(operand, e.ParamName);
            Assert.Contains(badLeadingDimension ? $"of {operand} is smaller" : $"{operand} holds", e.Message);
        }
    }

    [Fact]
    public void ANegativeDimensionIsRefusedSayingSo()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new GemmEngine().Multiply(false, false, 2, -1, 3, new float[6], 3, new float[6], 2, new float[4], 2, accumulate: false));
        Assert.Contains("must be non-negative (m=2, n=-1, k=3)", e.Message);
    }
}
