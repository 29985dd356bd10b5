using MlNetTwoLayer.Engine.Network;


namespace MlNetTwoLayer.Engine.Training;

/// <summary>Where an epoch's mini-batches come from: the dense in-memory copy, or a stream read each epoch.</summary>
internal interface IBatchSource
{
    /// <summary>Starts a new pass over the data, drawing its order from <paramref name="random"/>.</summary>
    void BeginEpoch(SeededRandom random);

    /// <summary>The next batch of the epoch, or false when the epoch is over.</summary>
    bool NextBatch(out BatchView batch);
}
