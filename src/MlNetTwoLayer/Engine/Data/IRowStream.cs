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
}
