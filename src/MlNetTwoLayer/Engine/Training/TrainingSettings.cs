using MlNetTwoLayer.Engine.Network;
namespace MlNetTwoLayer.Engine.Training;

/// <summary>
/// Everything the training loop needs, free of ML.NET types, and the one place defaults live:
/// <see cref="Defaults"/> holds them, every member here starts at its default, and the public
/// <c>TwoLayerTrainer.Options</c> reads the same constants. So settings built directly (by tests and
/// benchmarks) train the configuration users get, except for what they set. The trainer builds
/// these from options that were already validated, so nothing here is checked again.
/// </summary>
internal sealed partial record TrainingSettings
{
    /// <summary>Hidden units (of each ensemble member).</summary>
    public int HiddenUnits { get; init; } = Defaults.HiddenUnits;

    /// <summary>Networks trained with derived seeds and merged into one of <c>EnsembleSize · HiddenUnits</c> hidden units that averages their scores (see <see cref="EnsembleTrainer"/>).</summary>
    public int EnsembleSize { get; init; } = Defaults.EnsembleSize;

    /// <summary>Step size.</summary>
    public float LearningRate { get; init; } = Defaults.LearningRate;

    /// <summary>Passes over the data.</summary>
    public int Epochs { get; init; } = Defaults.Epochs;

    /// <summary>Rows per step; 0 = the whole data set (full-batch gradient descent).</summary>
    public int BatchSize { get; init; } = Defaults.BatchSize;

    /// <summary>Reshuffle the rows every epoch.</summary>
    public bool Shuffle { get; init; } = Defaults.Shuffle;

    /// <summary>The seed every random draw derives from; no default, since users get one from their MLContext.</summary>
    public required int Seed { get; init; }

    /// <summary>The update rule.</summary>
    public OptimizerKind Optimizer { get; init; } = Defaults.Optimizer;

    /// <summary>Momentum μ for the momentum rules.</summary>
    public float Momentum { get; init; } = Defaults.Momentum;

    /// <summary>Adam's β1.</summary>
    public float Beta1 { get; init; } = Defaults.Beta1;

    /// <summary>Adam's β2.</summary>
    public float Beta2 { get; init; } = Defaults.Beta2;

    /// <summary>Adam's ε.</summary>
    public float Epsilon { get; init; } = Defaults.Epsilon;

    /// <summary>L2 penalty λ on weights, for up to <see cref="L2RowsPerWeight"/> training rows per weight (see <see cref="EffectiveL2"/>).</summary>
    public float L2Regularization { get; init; } = Defaults.L2Regularization;

    /// <summary>Training rows per network weight beyond which the L2 penalty shrinks as <c>λ·(r·weights/rows)³</c>; 0 keeps λ whatever the rows.</summary>
    public float L2RowsPerWeight { get; init; } = Defaults.L2RowsPerWeight;

    /// <summary>
    /// The L2 penalty a fit on <paramref name="rows"/> training rows of a network with <paramref name="weights"/>
    /// weights (W1 and W2) uses: <see cref="L2Regularization"/> while the rows are at most
    /// <see cref="L2RowsPerWeight"/> times the weights, then <c>λ·(reference/rows)³</c>. The penalty is added to the
    /// mean loss, so a fixed λ weighs as much against a million rows' evidence as against a thousand's; and what a
    /// penalty guards against, fitting noise, depends on how many rows there are for each weight to fit, not on the
    /// rows alone (Defaults.L2RowsPerWeight has the figures, and why the cube).
    /// </summary>
    public float EffectiveL2(long rows, long weights)
    {
        double reference = (double)L2RowsPerWeight * weights;
        if (L2RowsPerWeight <= 0 || rows <= reference)
        {
            return L2Regularization;
        }
        double ratio = reference / rows;
        return (float)(L2Regularization * ratio * ratio * ratio);
    }

    /// <summary>How weights are drawn when training starts from scratch.</summary>
    public WeightInitialization Initialization { get; init; } = Defaults.Initialization;

    /// <summary>The hidden non-linearity.</summary>
    public HiddenActivation Activation { get; init; } = Defaults.Activation;

    /// <summary>Epochs without improvement before stopping; 0 never stops early.</summary>
    public int Patience { get; init; } = Defaults.Patience;

    /// <summary>How much a loss must improve to count as an improvement.</summary>
    public double Tolerance { get; init; } = Defaults.Tolerance;

    /// <summary>Fraction of the training rows held out (stratified) for validation when no validation data is given; 0 for none.</summary>
    public double ValidationFraction { get; init; } = Defaults.ValidationFraction;

    /// <summary>How the learning rate changes over epochs.</summary>
    public LearningRateSchedule Schedule { get; init; } = Defaults.Schedule;

    /// <summary>The exponent of <see cref="LearningRateSchedule.InverseScaling"/>.</summary>
    public double PowerT { get; init; } = Defaults.PowerT;

    /// <summary>The factor of <see cref="LearningRateSchedule.ReduceOnPlateau"/>.</summary>
    public float PlateauFactor { get; init; } = Defaults.PlateauFactor;

    /// <summary>The patience of <see cref="LearningRateSchedule.ReduceOnPlateau"/>.</summary>
    public int PlateauPatience { get; init; } = Defaults.PlateauPatience;

    /// <summary>The output activation and loss (the task); the seed's softmax and cross-entropy unless set.</summary>
    public OutputHeadKind Head { get; init; } = Defaults.Head;

    /// <summary>The threshold of <see cref="OutputHeadKind.IdentityHuber"/>, in standardised label units.</summary>
    public float HuberDelta { get; init; } = Defaults.HuberDelta;

    /// <summary>Regression heads learn labels standardised by the training rows' mean and standard deviation (undone at scoring).</summary>
    public bool StandardizeTargets { get; init; } = Defaults.StandardizeTargets;

    /// <summary>How classes are weighted.</summary>
    public ClassWeighting ClassWeighting { get; init; } = Defaults.ClassWeighting;

    /// <summary>User-given per-class weights (overrides <see cref="ClassWeighting"/>); null for none.</summary>
    public float[]? ClassWeights { get; init; }

    /// <summary>Standardise the inputs from the training rows and fold that map into W1 and b1 at the end (see <see cref="InputStandardizer"/>).</summary>
    public bool StandardizeInputs { get; init; } = Defaults.StandardizeInputs;

    /// <summary>Rows held in the streaming shuffle window (streaming training only).</summary>
    public int StreamingShuffleWindow { get; init; } = Defaults.StreamingShuffleWindow;

    /// <summary>Models at least this many bytes keep the best epoch's parameters in a temporary file rather than in memory (see <see cref="BestEpochSnapshot"/>).</summary>
    public long BestEpochInMemoryBytes { get; init; } = Defaults.BestEpochInMemoryBytes;

    /// <summary>Threads the kernels may use; users get every core (results do not depend on it).</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Checked between mini-batches.</summary>
    public CancellationToken CancellationToken { get; init; }
}
