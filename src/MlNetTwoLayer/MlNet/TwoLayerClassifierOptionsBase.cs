namespace MlNetTwoLayer;

/// <summary>
/// The options the two classifiers add to <see cref="TwoLayerOptionsBase"/>: weighting classes for
/// imbalanced data. Shared by <see cref="TwoLayerTrainer.Options"/> and <see cref="TwoLayerBinaryTrainer.Options"/>.
/// </summary>
public abstract class TwoLayerClassifierOptionsBase : TwoLayerOptionsBase
{
    /// <summary>Only this library's option types derive from it.</summary>
    private protected TwoLayerClassifierOptionsBase()
    {
    }

    /// <summary>How classes are weighted in the loss; see also <see cref="ClassWeights"/>.</summary>
    public ClassWeighting ClassWeighting { get; set; } = Defaults.ClassWeighting;

    /// <summary>
    /// One positive weight per class, overriding <see cref="ClassWeighting"/>: in key order for the
    /// multiclass trainer, <c>[false, true]</c> for the binary one; null for none.
    /// </summary>
    public float[]? ClassWeights { get; set; }

    /// <inheritdoc/>
    private protected override void CopyArraysFrom(TwoLayerOptionsBase source)
        => ClassWeights = (float[]?)((TwoLayerClassifierOptionsBase)source).ClassWeights?.Clone();

    /// <inheritdoc/>
    internal override void Validate()
    {
        base.Validate();
        Require(Enum.IsDefined(ClassWeighting), nameof(ClassWeighting), ClassWeighting, "is not a known class weighting");
        Require(ClassWeights == null || (ClassWeights.Length > 0 && ClassWeights.All(w => float.IsFinite(w) && w > 0)),
            nameof(ClassWeights), ClassWeights == null ? null : $"[{string.Join(", ", ClassWeights)}]", "must hold one positive finite weight per class");
    }
}
