using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Engine.Training;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Training;

/// <summary>
/// The shuffled gather against its naive twin: every batch holds, row for row, the features, label,
/// weight and target of the data set's row the permutation names, at widths on and off the vector
/// width (the copy has a vector body and a scalar tail), and an epoch visits every row once.
/// </summary>
public class InMemoryBatchSourceTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(15, 2)]
    [InlineData(16, 1)]
    [InlineData(17, 2)]
    [InlineData(64, 1)]
    [InlineData(100, 2)]
    [InlineData(700, 2)] // 23 rows a band: a batch is two bands, shared by the threads
    public void ShuffledBatchesAreTheRowsThePermutationNames(int inputs, int threads)
    {
        const int rows = 203, batch = 32;
        var features = new float[rows * inputs];
        var labels = new int[rows];
        var weights = new float[rows];
        var targets = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < inputs; j++)
            {
                features[r * inputs + j] = r * 1000 + j; // each value names its row and column
            }
            labels[r] = r % 7;
            weights[r] = 1 + r;
            targets[r] = -r;
        }
        var data = new DenseDataset(features, labels, weights, rows, inputs, classes: 7, targets);
        using var gemm = new GemmEngine(threads);
        var ws = new BatchWorkspace(new NetworkShape(inputs, 4, 7), batch, gemm, needsInputBuffer: true);
        var source = new InMemoryBatchSource(data, batch, shuffle: true, ws);

        for (int epoch = 0; epoch < 2; epoch++)
        {
            source.BeginEpoch(new SeededRandom(5 + epoch));
            var seen = new List<int>();
            while (source.NextBatch(out BatchView view))
            {
                ReadOnlySpan<float> x = view.X;
                for (int i = 0; i < view.Rows; i++)
                {
                    int row = (int)(x[i * inputs] / 1000);
                    for (int j = 0; j < inputs; j++)
                    {
                        Assert.Equal(features[row * inputs + j], x[i * inputs + j]);
                    }
                    Assert.Equal(labels[row], view.Y[i]);
                    Assert.Equal(weights[row], view.W[i]);
                    Assert.Equal(targets[row], view.T[i]);
                    seen.Add(row);
                }
            }
            Assert.Equal(Enumerable.Range(0, rows), seen.Order());
            Assert.NotEqual(Enumerable.Range(0, rows), seen); // shuffled, not in order
        }
    }
}
