namespace MlNetTwoLayer;

/// <summary>How the trainer reads its training data.</summary>
public enum TrainingDataMode
{
    /// <summary>Read once into one dense float32 matrix; every epoch works from it. Fastest.</summary>
    InMemory = 0,

    /// <summary>
    /// Read through a cursor every epoch, rows shuffled within a window of
    /// <c>StreamingShuffleWindow</c> rows; memory is the window, a batch and the model, whatever the
    /// data's size. Validation data (if any) is still read into memory.
    /// </summary>
    Streaming = 1,
}
