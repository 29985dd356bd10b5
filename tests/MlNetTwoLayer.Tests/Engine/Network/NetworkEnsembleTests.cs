using MlNetTwoLayer.Engine.Network;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Network;

/// <summary>
/// <see cref="NetworkEnsemble"/> against its naive twin: the mean of the members' scores, each member
/// scored on its own in double. Odd shapes (7 inputs, members of 1, 3 and 5 hidden units, 3 or 1 outputs).
/// </summary>
public class NetworkEnsembleTests
{
    private const int Inputs = 7;

    [Theory]
    [InlineData(3, HiddenActivation.Relu)]
    [InlineData(1, HiddenActivation.Relu)]
    [InlineData(3, HiddenActivation.Tanh)]
    public void MergedScoresAreTheMeanOfTheMembersScores(int outputs, HiddenActivation activation)
    {
        NetworkParameters[] members = [Random(1, outputs, 11), Random(3, outputs, 12), Random(5, outputs, 13)];
        NetworkParameters merged = NetworkEnsemble.Merge(members);

        Assert.Equal(new NetworkShape(Inputs, 9, outputs), merged.Shape);
        foreach (double[] x in Rows(20))
        {
            double[] expected = new double[outputs];
            foreach (NetworkParameters member in members)
            {
                double[] s = Scores(member, x, activation);
                for (int c = 0; c < outputs; c++)
                {
                    expected[c] += s[c] / members.Length;
                }
            }
            double[] actual = Scores(merged, x, activation);
            for (int c = 0; c < outputs; c++)
            {
                Assert.Equal(expected[c], actual[c], 1e-5);
            }
        }
    }

    [Fact]
    public void MergedRegressionPredictsTheMeanOfTheMembersPredictionsEachInItsOwnLabelScaling()
    {
        NetworkParameters[] members = [Random(4, 1, 21), Random(4, 1, 22)];
        TargetScaling[] scalings = [new(100, 20), new(90, 30)];
        var mergedScaling = new TargetScaling(100, 20);
        NetworkParameters merged = NetworkEnsemble.Merge(members, scalings, mergedScaling);

        foreach (double[] x in Rows(20))
        {
            double expected = (Scores(members[0], x, HiddenActivation.Relu)[0] * 20 + 100 + Scores(members[1], x, HiddenActivation.Relu)[0] * 30 + 90) / 2;
            double actual = Scores(merged, x, HiddenActivation.Relu)[0] * mergedScaling.Scale + mergedScaling.Offset;
            Assert.Equal(expected, actual, 1e-3);
        }
    }

    [Fact]
    public void OneMemberMergesToItself()
    {
        NetworkParameters member = Random(5, 3, 31);
        Assert.Equal(member.Values, NetworkEnsemble.Merge([member]).Values);
    }

    [Fact]
    public void SplitMembersAverageToTheNetworkAndMergeBackToIt()
    {
        NetworkParameters network = Random(6, 3, 41);
        NetworkParameters[] members = NetworkEnsemble.Split(network, 3);

        Assert.All(members, m => Assert.Equal(new NetworkShape(Inputs, 2, 3), m.Shape));
        NetworkParameters back = NetworkEnsemble.Merge(members);
        for (int i = 0; i < network.Values.Length; i++)
        {
            Assert.Equal(network.Values[i], back.Values[i], 1e-6f);
        }
        foreach (double[] x in Rows(5))
        {
            double[] whole = Scores(network, x, HiddenActivation.Relu);
            double[][] parts = members.Select(m => Scores(m, x, HiddenActivation.Relu)).ToArray();
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(whole[c], parts.Average(p => p[c]), 1e-5);
            }
        }
    }

    [Fact]
    public void MismatchedMembersAndUnevenSplitsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => NetworkEnsemble.Merge([]));
        Assert.Throws<ArgumentException>(() => NetworkEnsemble.Merge([Random(2, 3, 1), Random(2, 2, 2)]));
        Assert.Throws<ArgumentException>(() => NetworkEnsemble.Merge([Random(2, 3, 1)], [TargetScaling.Identity, TargetScaling.Identity], TargetScaling.Identity));
        Assert.Throws<ArgumentException>(() => NetworkEnsemble.Split(Random(5, 3, 1), 2));
    }

    [Fact]
    public void EachRefusalNamesItsArgumentAndSaysWhy()
    {
        Assert.Equal("members", Assert.Throws<ArgumentNullException>(() => NetworkEnsemble.Merge(null!)).ParamName);
        Assert.Equal("members", Assert.Throws<ArgumentNullException>(
            () => NetworkEnsemble.Merge(null!, [TargetScaling.Identity], TargetScaling.Identity)).ParamName);
        Assert.Equal("scalings", Assert.Throws<ArgumentNullException>(
            () => NetworkEnsemble.Merge([Random(2, 3, 1)], null!, TargetScaling.Identity)).ParamName);

        var empty = Assert.Throws<ArgumentException>(() => NetworkEnsemble.Merge([]));
        Assert.Equal("members", empty.ParamName);
        Assert.StartsWith("An ensemble needs at least one member.", empty.Message);

        var counts = Assert.Throws<ArgumentException>(
            () => NetworkEnsemble.Merge([Random(2, 3, 1)], [TargetScaling.Identity, TargetScaling.Identity], TargetScaling.Identity));
        Assert.Equal("scalings", counts.ParamName);
        Assert.StartsWith("1 members but 2 label scalings.", counts.Message);

        NetworkParameters a = Random(2, 3, 1), b = Random(2, 2, 2);
        var shapes = Assert.Throws<ArgumentException>(() => NetworkEnsemble.Merge([a, b]));
        Assert.Equal("members", shapes.ParamName);
        Assert.StartsWith($"Members of shape {a.Shape} and {b.Shape} cannot be merged: inputs and outputs must match.", shapes.Message);

        Assert.Equal("network", Assert.Throws<ArgumentNullException>(() => NetworkEnsemble.Split(null!, 2)).ParamName);
        Assert.Equal("members", Assert.Throws<ArgumentOutOfRangeException>(() => NetworkEnsemble.Split(Random(4, 3, 1), 0)).ParamName);
        var uneven = Assert.Throws<ArgumentException>(() => NetworkEnsemble.Split(Random(5, 3, 1), 2));
        Assert.Equal("members", uneven.ParamName);
        Assert.StartsWith("A network of 5 hidden units does not split into 2 equal members.", uneven.Message);
    }

    [Fact]
    public void MoreHiddenUnitsInAllThanOneNetworkHoldsAreRefused()
    {
        // The real limit is 2^31 - 1 units, which no test can allocate; the internal overload lowers it.
        NetworkParameters[] members = [Random(3, 2, 1), Random(3, 2, 2)];
        TargetScaling[] scalings = [TargetScaling.Identity, TargetScaling.Identity];

        Assert.Equal(6, NetworkEnsemble.Merge(members, scalings, TargetScaling.Identity, maxHidden: 6).Shape.Hidden);
        var tooMany = Assert.Throws<ArgumentException>(() => NetworkEnsemble.Merge(members, scalings, TargetScaling.Identity, maxHidden: 5));
        Assert.Equal("members", tooMany.ParamName);
        Assert.StartsWith("The members have 6 hidden units in all, too many for one network.", tooMany.Message);
    }

    /// <summary>The seed's forward pass, in double, from the flat buffer's documented layout.</summary>
    private static double[] Scores(NetworkParameters p, double[] x, HiddenActivation activation)
    {
        NetworkShape s = p.Shape;
        var scores = new double[s.Classes];
        for (int c = 0; c < s.Classes; c++)
        {
            scores[c] = p.B2[c];
        }
        for (int j = 0; j < s.Hidden; j++)
        {
            double z = p.B1[j];
            for (int i = 0; i < s.Inputs; i++)
            {
                z += x[i] * p.W1[i * s.Hidden + j];
            }
            double h = activation == HiddenActivation.Tanh ? Math.Tanh(z) : Math.Max(0, z);
            for (int c = 0; c < s.Classes; c++)
            {
                scores[c] += h * p.W2[j * s.Classes + c];
            }
        }
        return scores;
    }

    private static NetworkParameters Random(int hidden, int outputs, int seed)
    {
        var random = new Random(seed);
        var p = new NetworkParameters(new NetworkShape(Inputs, hidden, outputs));
        for (int i = 0; i < p.Values.Length; i++)
        {
            p.Values[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return p;
    }

    private static IEnumerable<double[]> Rows(int count)
    {
        var random = new Random(99);
        for (int r = 0; r < count; r++)
        {
            yield return Enumerable.Range(0, Inputs).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        }
    }
}
