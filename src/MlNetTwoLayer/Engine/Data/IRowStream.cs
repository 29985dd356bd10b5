namespace MlNetTwoLayer.Engine.Data;

/// <summary>
/// Training rows read one at a time, from the start again each epoch, so data larger than memory
/// can be trained on. Rows that cannot be used are skipped by the stream itself.
/// </summary>
internal interface IRowStream : IDisposable
{
    /// <summary>Features per row.</summary>
    int Inputs { get; }

    /// <summary>True when rows carry weights.</summary>
    bool Weighted { get; }

    /// <summary>Starts again from the first row.</summary>
    void Restart();

    /// <summary>Reads the next usable row into <paramref name="features"/>; false at the end.</summary>
    bool Next(Span<float> features, out int label, out float weight);

    /// <summary>
    /// Reads the next usable row with its real-valued label <paramref name="target"/> (regression);
    /// streams of class labels need not implement it: the target is then the class index.
    /// </summary>
    bool Next(Span<float> features, out int label, out float target, out float weight)
    {
        bool read = Next(features, out label, out weight);
        target = label;
        return read;
    }
}
