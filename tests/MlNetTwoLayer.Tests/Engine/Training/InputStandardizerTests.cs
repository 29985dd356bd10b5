using Xunit;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Training;

namespace MlNetTwoLayer.Tests.Engine.Training;

/// <summary>
/// <see cref="InputStandardizer"/>'s one-pass (Welford) mean and spread against its naive twin: a
/// two-pass weighted mean and standard deviation in double. A feature whose spread is negligible
/// against its size is only centred.
/// </summary>
public class InputStandardizerTests
{
    /// <summary>(x − mean) / sd per feature, two passes in double; sd at or under 1e-12 · max(1, |mean|) counts as none.</summary>
    private static float[] Naive(float[] features, float[] weights, int inputs, float[] row)
    {
        int rows = weights.Length;
        var result = new float[inputs];
        for (int i = 0; i < inputs; i++)
        {
            double total = 0, sum = 0;
            for (int r = 0; r < rows; r++)
            {
                total += weights[r];
                sum += weights[r] * (double)features[r * inputs + i];
            }
            double mean = sum / total, squares = 0;
            for (int r = 0; r < rows; r++)
            {
                double d = features[r * inputs + i] - mean;
                squares += weights[r] * d * d;
            }
            double sd = Math.Sqrt(squares / total);
            double scale = sd > 1e-12 * Math.Max(1, Math.Abs(mean)) ? 1 / sd : 1;
            result[i] = (float)((row[i] - mean) * scale);
        }
        return result;
    }

    [Fact]
    public void WeightedRowsStandardiseAsATwoPassMeanAndDeviationDo()
    {
        // Feature 0 varies; feature 1 is constant (only centred); feature 2 sits at 1e6 with one row of weight 1e-12
        // off by one float step: its spread, ~3.6e-8, is real against 1e-12 but negligible against 1e-12 · 1e6.
        const int inputs = 3;
        float[] features = [1, 5, 1e6f, 4, 5, 1e6f, -2, 5, 1e6f, 7, 5, 1e6f + 0.0625f];
        float[] weights = [1, 2, 0.5f, 1e-12f];
        var data = new DenseDataset(features, [0, 1, 0, 1], weights, rows: 4, inputs, classes: 2);

        InputStandardizer standardizer = InputStandardizer.Fit(data);

        foreach (float[] row in new[] { new float[] { 3, 5, 1e6f }, [-1, 6, 1e6f + 0.0625f] })
        {
            float[] expected = Naive(features, weights, inputs, row);
            float[] actual = (float[])row.Clone();
            standardizer.Apply(actual);
            for (int i = 0; i < inputs; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"feature {i}: expected {expected[i]}, got {actual[i]}");
            }
        }
    }

    [Fact]
    public void WithoutWeightsEveryRowCountsOnce()
    {
        const int inputs = 1;
        float[] features = [1, 2, 6];
        var data = new DenseDataset(features, [0, 1, 0], weights: null, rows: 3, inputs, classes: 2);
        float[] row = [4];

        InputStandardizer.Fit(data).Apply(row);

        Assert.Equal(Naive(features, [1, 1, 1], inputs, [4])[0], row[0], 5);
    }

    [Fact]
    public void NoRowsLeaveFeaturesAsTheyAre()
    {
        float[] row = [3, -2];
        new InputStandardizer.Accumulator(2).Build().Apply(row);
        Assert.Equal([3f, -2f], row);
    }
}
