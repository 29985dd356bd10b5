using MlNetTwoLayer.Engine.Network;


namespace MlNetTwoLayer.Engine.Training;

/// <summary>Where an epoch's mini-batches come from: the dense in-memory copy, or a stream read each epoch.</summary>
internal interface IBatchSource
{
    /// <summary>Starts a new pass over the data, drawing its order from <paramref name="random"/>.</summary>
    void BeginEpoch(SeededRandom random);

    /// <summary>The next batch of the epoch, or false when the epoch is over.</summary>
    bool NextBatch(out BatchView batch);

    /// <summary>
    /// A job that, once the current batch's rows are no longer read, gathers the next batch of this epoch
    /// ahead of <see cref="NextBatch"/> (which then only hands it out); null when there is nothing to gather
    /// (no next batch, or batches read in place). If the job is not run, <see cref="NextBatch"/> gathers as usual.
    /// </summary>
    Numerics.IGemmParallelJob? PrepareNextGather() => null;
}
