using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Data;

/// <summary>Survivors of the 2026-12-01 Stryker run on Engine/Data: the split's randomness, weighted target standardisation, targets kept by Select.</summary>
public class DataOperationsTests
{
    private static DenseDataset Rows(int count, float[]? weights = null, float[]? targets = null)
        => new(Enumerable.Range(0, count).Select(i => (float)i).ToArray(), new int[count], weights, count, 1, 1, targets);

    [Fact]
    public void TheHoldOutIsDrawnAtRandomNotTheFirstRowsOfAClass()
    {
        // 40 rows of one class, a quarter held out: the first ten rows for every seed would mean no shuffle.
        var heldOut = new HashSet<string>();
        for (int seed = 0; seed < 5; seed++)
        {
            (_, Dataset validation) = DatasetOperations.StratifiedSplit(Rows(40), 0.25, new SeededRandom(seed));
            float[] rows = ((DenseDataset)validation).Features[..validation.Rows];
            Assert.Equal(10, rows.Length);
            heldOut.Add(string.Join(",", rows));
        }

        Assert.True(heldOut.Count >= 4, "different seeds must hold out different rows");
        Assert.DoesNotContain(string.Join(",", Enumerable.Range(0, 10).Select(i => (float)i)), heldOut);
    }

    [Fact]
    public void TargetsAreStandardisedWithTheRowWeights()
    {
        float[] targets = [1f, 5f, 2f];
        float[] weights = [3f, 1f, 0.5f];
        double total = 4.5, mean = (3 * 1 + 5 + 0.5 * 2) / total;
        double variance = (3 * (1 - mean) * (1 - mean) + (5 - mean) * (5 - mean) + 0.5 * (2 - mean) * (2 - mean)) / total;

        TargetScaling scaling = DatasetOperations.StandardizeTargets(Rows(3, weights, targets));

        Assert.Equal(mean, scaling.Offset, 1e-9);
        Assert.Equal(Math.Sqrt(variance), scaling.Scale, 1e-9);
        Assert.Contains("has no regression targets", Assert.Throws<ArgumentException>(() => DatasetOperations.StandardizeTargets(Rows(3))).Message);
    }

    [Fact]
    public void SelectKeepsTheTargetsAndStoredValuesCountEveryFeature()
    {
        var data = new DenseDataset(new float[12], new int[4], null, 4, 3, 1, [10f, 11f, 12f, 13f]);

        Dataset picked = data.Select([3, 1]);

        Assert.Equal([13f, 11f], picked.Targets!);
        Assert.Equal(12, data.StoredValues);
        Assert.Contains("CSR buffers are too short for 2 rows", Assert.Throws<ArgumentException>(() => new SparseDataset([0, 1], [0], [1f], [0, 0], null, 2, 1, 1)).Message);
    }
}
