using Xunit;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Optimizers;
using MlNetTwoLayer.Engine.Training;

namespace MlNetTwoLayer.Tests.Engine.Training;

/// <summary>
/// Same seed, same model on 1 and 2 threads for a network big enough that the optimiser step is cut
/// into several chunks and the shuffled gather into several bands (Iris is one of each).
/// </summary>
public class ThreadCountTests
{
    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.Nesterov)]
    public void WideNetworkTrainsToTheSameBitsOnOneAndTwoThreads(OptimizerKind kind)
    {
        const int rows = 400, inputs = 200, classes = 3;
        var random = new Random(5);
        var features = new float[rows * inputs];
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            labels[r] = r % classes;
            for (int j = 0; j < inputs; j++)
            {
                features[r * inputs + j] = (float)random.NextDouble() + (j % classes == labels[r] ? 0.5f : 0f);
            }
        }
        var data = new DenseDataset(features, labels, weights: null, rows, inputs, classes);
        float[] Train(int threads) => new NetworkTrainer(new TrainingSettings
        {
            HiddenUnits = 100,
            LearningRate = 0.01f,
            Epochs = 3,
            BatchSize = 128,
            Shuffle = true,
            Seed = 9,
            Optimizer = kind,
            L2Regularization = 1e-3f,
            Threads = threads,
        }).Train(data, validation: null, initial: null).Parameters.Values;

        float[] one = Train(1);
        Assert.True(one.Length > FusedOptimizer.ChunkLength, "the network must span more than one optimiser chunk");
        Assert.Equal(one, Train(2));
        Assert.Equal(one, Train(2));
    }
}
