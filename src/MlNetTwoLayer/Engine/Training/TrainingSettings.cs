
namespace MlNetTwoLayer.Engine.Training;

/// <summary>
/// Everything the training loop needs, free of ML.NET types. Built from the public options after
/// they have been validated, so nothing here is checked again. Where a value has a public default it
/// is that constant; the others (<see cref="Patience"/> 0, <see cref="Schedule"/> constant,
/// <see cref="Threads"/> 1) describe the seed's plain loop, for tests and benchmarks that build
/// settings directly: the trainer always sets every member.
/// </summary>
internal sealed record TrainingSettings
{
    /// <summary>Hidden units.</summary>
    public required int HiddenUnits { get; init; }

    /// <summary>Step size.</summary>
    public required float LearningRate { get; init; }

    /// <summary>Passes over the data.</summary>
    public required int Epochs { get; init; }

    /// <summary>Rows per step; 0 = the whole data set (full-batch gradient descent).</summary>
    public required int BatchSize { get; init; }

    /// <summary>Reshuffle the rows every epoch.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>The seed every random draw derives from.</summary>
    public required int Seed { get; init; }

    /// <summary>The update rule.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Momentum μ for the momentum rules.</summary>
    public float Momentum { get; init; } = TwoLayerTrainer.Options.Defaults.Momentum;

    /// <summary>Adam's β1.</summary>
    public float Beta1 { get; init; } = TwoLayerTrainer.Options.Defaults.Beta1;

    /// <summary>Adam's β2.</summary>
    public float Beta2 { get; init; } = TwoLayerTrainer.Options.Defaults.Beta2;

    /// <summary>Adam's ε.</summary>
    public float Epsilon { get; init; } = TwoLayerTrainer.Options.Defaults.Epsilon;

    /// <summary>L2 penalty λ on weights.</summary>
    public float L2Regularization { get; init; }

    /// <summary>How weights are drawn when training starts from scratch.</summary>
    public WeightInitialization Initialization { get; init; } = WeightInitialization.He;

    /// <summary>The hidden non-linearity.</summary>
    public HiddenActivation Activation { get; init; } = HiddenActivation.Relu;

    /// <summary>Epochs without improvement before stopping; 0 never stops early.</summary>
    public int Patience { get; init; }

    /// <summary>How much a loss must improve to count as an improvement.</summary>
    public double Tolerance { get; init; } = TwoLayerTrainer.Options.Defaults.Tolerance;

    /// <summary>Fraction of the training rows held out (stratified) for validation when no validation data is given; 0 for none.</summary>
    public double ValidationFraction { get; init; }

    /// <summary>How the learning rate changes over epochs.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>The exponent of <see cref="LearningRateSchedule.InverseScaling"/>.</summary>
    public double PowerT { get; init; } = TwoLayerTrainer.Options.Defaults.PowerT;

    /// <summary>The factor of <see cref="LearningRateSchedule.ReduceOnPlateau"/>.</summary>
    public float PlateauFactor { get; init; } = TwoLayerTrainer.Options.Defaults.PlateauFactor;

    /// <summary>The patience of <see cref="LearningRateSchedule.ReduceOnPlateau"/>.</summary>
    public int PlateauPatience { get; init; } = TwoLayerTrainer.Options.Defaults.PlateauPatience;

    /// <summary>How classes are weighted.</summary>
    public ClassWeighting ClassWeighting { get; init; }

    /// <summary>User-given per-class weights (overrides <see cref="ClassWeighting"/>); null for none.</summary>
    public float[]? ClassWeights { get; init; }

    /// <summary>Threads the kernels may use.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Checked between mini-batches.</summary>
    public CancellationToken CancellationToken { get; init; }
}
