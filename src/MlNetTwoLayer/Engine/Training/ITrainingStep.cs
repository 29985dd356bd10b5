using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Engine.Network;

namespace MlNetTwoLayer.Engine.Training;

/// <summary>One forward, backward and update on a batch, with the gradient buffers and optimiser state of one run.</summary>
internal interface ITrainingStep
{
    /// <summary>
    /// Trains on <paramref name="batch"/>; returns the batch's weighted loss sum and its weight sum. Every band of
    /// <paramref name="alongside"/> (the next batch's gather, <see cref="IBatchSource.PrepareNextGather"/>) is run
    /// once the batch's rows are no longer read, before returning.
    /// </summary>
    double Run(TwoLayerNetwork network, in BatchView batch, float learningRate, out float batchWeight, IGemmParallelJob? alongside = null);
}

/// <summary>What both steps share.</summary>
internal static class TrainingStep
{
    /// <summary>The seed's <c>n_samples</c>: the row count, or the weight sum when rows are weighted.</summary>
    public static float BatchWeight(in BatchView batch)
    {
        ReadOnlySpan<float> weights = batch.W;
        if (weights.IsEmpty)
        {
            return batch.Rows;
        }
        double sum = 0;
        foreach (float w in weights)
        {
            sum += w;
        }
        return (float)sum;
    }
}
