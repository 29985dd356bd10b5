using MlNetTwoLayer.Engine.Data;
namespace MlNetTwoLayer.Engine.Training;

/// <summary>
/// A row stream whose features come out standardised. <see cref="Create"/> reads the inner stream
/// once to learn the statistics (one extra pass, memory bounded by one row), so streaming training
/// standardises as in-memory training does.
/// </summary>
internal sealed class StandardizingRowStream : IRowStream
{
    private readonly IRowStream _inner;

    private StandardizingRowStream(IRowStream inner, InputStandardizer standardizer)
    {
        _inner = inner;
        Standardizer = standardizer;
    }

    /// <summary>The statistics applied to every row.</summary>
    public InputStandardizer Standardizer { get; }

    /// <inheritdoc/>
    public int Inputs => _inner.Inputs;

    /// <inheritdoc/>
    public bool Weighted => _inner.Weighted;

    /// <summary>Learns the statistics of <paramref name="inner"/>'s rows and wraps it (the caller still owns and disposes <paramref name="inner"/>).</summary>
    public static StandardizingRowStream Create(IRowStream inner)
    {
        var accumulator = new InputStandardizer.Accumulator(inner.Inputs);
        var row = new float[inner.Inputs];
        inner.Restart();
        while (inner.Next(row, out _, out float weight))
        {
            accumulator.Add(row, weight);
        }
        return new StandardizingRowStream(inner, accumulator.Build());
    }

    /// <inheritdoc/>
    public void Restart() => _inner.Restart();

    /// <inheritdoc/>
    public bool Next(Span<float> features, out int label, out float weight)
    {
        if (!_inner.Next(features, out label, out weight))
        {
            return false;
        }
        Standardizer.Apply(features);
        return true;
    }

    /// <inheritdoc/>
    public bool Next(Span<float> features, out int label, out float target, out float weight)
    {
        // Forwarded explicitly: the interface's default would lose a regression stream's real-valued target.
        if (!_inner.Next(features, out label, out target, out weight))
        {
            return false;
        }
        Standardizer.Apply(features);
        return true;
    }

    /// <summary>Leaves the inner stream to its owner.</summary>
    public void Dispose()
    {
    }
}
