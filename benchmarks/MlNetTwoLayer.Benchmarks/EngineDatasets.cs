using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Benchmarks;

/// <summary>Data sets for the benchmarks that drive the engine directly, laid out as the trainer lays out its standardised copy.</summary>
internal static class EngineDatasets
{
    /// <summary>
    /// <paramref name="rows"/> rows of <paramref name="inputs"/> uniform values in [-0.5, 0.5) and labels cycling through 10
    /// classes, in an array advised for huge pages as <see cref="HugePages.NewFloats"/> gives the trainer's.
    /// </summary>
    public static DenseDataset Uniform(int rows, int inputs)
    {
        var random = new Random(5);
        float[] features = HugePages.NewFloats((long)rows * inputs);
        for (int i = 0; i < features.Length; i++)
        {
            features[i] = (float)(random.NextDouble() - 0.5);
        }
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            labels[r] = r % 10;
        }
        return new DenseDataset(features, labels, weights: null, rows, inputs, 10);
    }
}
