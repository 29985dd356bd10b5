namespace MlNetTwoLayer.Engine.Network;

/// <summary>
/// The affine map between a regression label <c>y</c> and what the network learns,
/// <c>t = (y - Offset) / Scale</c>; predictions are mapped back with <c>y = s·Scale + Offset</c>.
/// Standardising (offset the mean, scale the standard deviation) lets one set of defaults train on
/// labels in the thousands as well as in [0, 1]. Saved with the model.
/// </summary>
/// <param name="Offset">Subtracted from labels (the training labels' weighted mean when standardising).</param>
/// <param name="Scale">Labels are divided by it (their weighted standard deviation when standardising); positive.</param>
internal readonly record struct TargetScaling(double Offset, double Scale)
{
    /// <summary>Labels are learnt as they are.</summary>
    public static TargetScaling Identity => new(0, 1);

    /// <summary>True when both values are finite and the scale positive.</summary>
    public bool IsValid => double.IsFinite(Offset) && double.IsFinite(Scale) && Scale > 0;

    /// <summary>The training target of label <paramref name="label"/>.</summary>
    public float ToTarget(float label) => (float)((label - Offset) / Scale);

    /// <summary>The label a network output stands for.</summary>
    public float ToLabel(float output) => (float)(output * Scale + Offset);

    /// <summary>
    /// Standardisation from weighted label statistics: the mean and the standard deviation (1 when the
    /// labels are all equal, so a constant label still trains instead of dividing by zero).
    /// </summary>
    public static TargetScaling Standardize(double weightSum, double mean, double sumOfSquaredDeviations)
    {
        double variance = weightSum > 0 ? sumOfSquaredDeviations / weightSum : 0;
        double std = Math.Sqrt(variance);
        return new TargetScaling(mean, std > 0 && double.IsFinite(std) ? std : 1);
    }
}
