using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Tests.Helpers;

/// <summary>
/// A trainer-level shape big enough for <see cref="GemmEngine"/> to split products over threads:
/// batches of 128 rows x 64 features into 128 hidden units make x·W1 and xᵀ·dh 2^20 multiply-adds
/// each, which is <see cref="GemmEngine.ParallelThreshold"/>. Tests that claim something about
/// threads train on it and check <see cref="ParallelProducts"/> to prove the threads really ran.
/// </summary>
public static class ParallelGemmData
{
    public const int FeatureCount = 64, Hidden = 128, Batch = 128, Classes = 4;

    public sealed class Row
    {
        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    public static List<Row> Rows(int count = 256, int seed = 1)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            int label = i % Classes;
            return new Row { Features = Enumerable.Range(0, FeatureCount).Select(j => (float)(random.NextDouble() + (j % Classes == label ? 0.5 : 0))).ToArray(), Label = label };
        }).ToList();
    }

    public static IDataView Load(MLContext ml, int count = 256, int seed = 1) => ml.Data.LoadFromEnumerable(Rows(count, seed));

    public static TwoLayerTrainer.Options Options(int threads, int epochs = 2, int seed = 42) => new()
    {
        HiddenUnits = Hidden, BatchSize = Batch, NumberOfEpochs = epochs, Patience = 0, Seed = seed, NumberOfThreads = threads,
    };

    /// <summary>Products this thread handed to GEMM worker threads while <paramref name="action"/> ran.</summary>
    public static long ParallelProducts(Action action)
    {
        long before = GemmEngine.ParallelProductsOnThisThread;
        action();
        return GemmEngine.ParallelProductsOnThisThread - before;
    }
}
