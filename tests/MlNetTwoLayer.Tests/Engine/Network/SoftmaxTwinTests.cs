using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Network;

/// <summary>
/// The softmax against a naive twin in double at every row length 1..40 (shorter than a vector,
/// exactly one, and every remainder, for any vectorised form it may take), and the same score giving
/// the same probability wherever it sits in a row.
/// </summary>
public class SoftmaxTwinTests
{
    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        for (int n = 1; n <= 40; n++)
        {
            data.Add(n);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SoftmaxMatchesItsTwinInDouble(int n)
    {
        var random = new Random(n);
        // Scores up to 40 apart, a few far below the top (their probability underflows to 0).
        float[] scores = Enumerable.Range(0, n).Select(i => i % 7 == 5 ? -200f : (float)(random.NextDouble() * 40 - 20)).ToArray();
        double max = scores.Max();
        double[] e = scores.Select(s => Math.Exp(s - max)).ToArray();
        double sum = e.Sum();
        double[] expected = e.Select(v => v / sum < 1.17549435E-38 ? 0 : v / sum).ToArray();
        float[] actual = (float[])scores.Clone();
        SoftmaxCrossEntropy.Softmax(actual, 1, n);
        for (int j = 0; j < n; j++)
        {
            // s - max rounds to float first (scores up to 20 in magnitude: 2e-6 absolute), so e^(s - max) is
            // good to about 4e-6 relative whatever the exp; the exp adds its own error, a unit or two in the last place.
            Tolerance.Close(expected[j], actual[j], 1e-5, 1e-37, $"class {j} of {n}");
        }
        // Every position sees the same arithmetic: a repeated score gives equal probabilities.
        float[] same = Enumerable.Repeat(-3.25f, n).ToArray();
        same[0] = 0f;
        SoftmaxCrossEntropy.Softmax(same, 1, n);
        Assert.All(same.Skip(1), p => Assert.Equal(same[^1], p));
    }
}
