using MlNetTwoLayer.Tests.Helpers;
using Xunit;
using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

/// <summary>
/// A few small products (empty ones included) with a remainder in every dimension against every tile (4x8 portable, 6x16, 8x32),
/// for every kernel family the processor has, the portable one included, against <see cref="NaiveGemm"/>.
/// </summary>
/// <remarks>
/// <see cref="GemmEngineTests.MatchesNaiveForEveryKernelTransposeAndAccumulate"/> covers far more shapes,
/// but its 124 cases are too slow for a mutation run's coverage pass, which leaves it out; without this
/// cheap subset the portable kernel and the ragged edges of the others would have no test in that run.
/// </remarks>
public class GemmRaggedEdgeTests
{
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (0, 5, 3), (5, 0, 3), (4, 5, 0), (1, 1, 1), (5, 9, 3), (7, 33, 17), (13, 47, 257), (9, 70, 31),
    ];

    public static TheoryData<int, int, int, bool, bool> Cases()
    {
        var data = new TheoryData<int, int, int, bool, bool>();
        foreach ((int m, int n, int k) in Shapes)
        {
            for (int t = 0; t < 4; t++)
            {
                data.Add(m, n, k, (t & 1) != 0, (t & 2) != 0);
            }
        }
        // Packed path (m·n·k >= 2^24) with ragged edges in every dimension, both A orientations.
        data.Add(130, 260, 520, false, false);
        data.Add(130, 260, 520, true, true);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryKernelMatchesNaiveOnRaggedShapes(int m, int n, int k, bool transposeA, bool transposeB)
    {
        var data = new GemmTestData(transposeA, transposeB, m, n, k, pad: 2, seed: m * 7919 + n * 31 + k);
        GemmKernelKind[] kinds = Enum.GetValues<GemmKernelKind>().Where(GemmKernelSelector.IsSupported).ToArray();
        Assert.Contains(GemmKernelKind.Portable, kinds);
        foreach (bool accumulate in new[] { false, true })
        {
            float[] expected = data.RunNaive(accumulate);
            foreach (GemmKernelKind kind in kinds)
            {
                float[] actual = data.RunEngine(new GemmEngine(1, kind), accumulate);
                Tolerance.AllClose(expected, actual, relative: 1e-4, absolute: 1e-5 * (k + 1), $"{kind} acc={accumulate}");
            }
        }
    }
}
