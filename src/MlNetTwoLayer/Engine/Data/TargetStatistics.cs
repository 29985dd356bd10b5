using MlNetTwoLayer.Engine.Network;

namespace MlNetTwoLayer.Engine.Data;

/// <summary>
/// Weighted mean and spread of regression labels in one pass (West's weighted form of Welford's
/// update), so labels in the millions lose no precision to a sum of squares.
/// </summary>
internal sealed class TargetStatistics
{
    private double _weightSum, _mean, _squaredDeviations;

    /// <summary>Rows added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds one label with its row weight.</summary>
    public void Add(float label, float weight)
    {
        Count++;
        _weightSum += weight;
        double delta = label - _mean;
        _mean += weight / _weightSum * delta;
        _squaredDeviations += weight * delta * (label - _mean);
    }

    /// <summary>The standardisation these labels give (see <see cref="TargetScaling.Standardize"/>).</summary>
    public TargetScaling ToScaling() => TargetScaling.Standardize(_weightSum, _mean, _squaredDeviations);
}
