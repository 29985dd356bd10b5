using Microsoft.ML;
using Microsoft.ML.Runtime;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Training;

namespace MlNetTwoLayer;

/// <summary>
/// The two-layer network as an ML.NET regression trainer: <c>h = f(x·W1 + b1)</c>, one linear
/// output, squared error (or Huber). Everything else — options, optimisers, early stopping,
/// weights, streaming, threads, persistence, ONNX — is the multiclass trainer's
/// (<see cref="TwoLayerTrainerBase{TOptions}"/>).
/// </summary>
/// <remarks>
/// <para>Input columns: the label (Single; NaN marks a missing label, whose row is skipped), the
/// features (a known-size vector of Single; normalise them) and optionally an example weight.</para>
/// <para>Output column: <c>Score</c> (Single), the prediction in the label's units, as ML.NET's
/// regression trainers give it, so <c>Regression.Evaluate</c>, <c>CrossValidate</c>, permutation
/// feature importance and <c>PredictionEngine</c> work unchanged.</para>
/// <para>The label is standardised inside the model (<see cref="Options.StandardizeLabel"/>, on by
/// default): the network learns <c>(y - mean) / std</c> of the training labels, and scoring returns
/// <c>s·std + mean</c>. The two numbers are saved with the model
/// (<see cref="TwoLayerModelParameters.LabelOffset"/>, <see cref="TwoLayerModelParameters.LabelScale"/>),
/// so the same defaults train as well on labels in the thousands as on labels in [0, 1]. The
/// training and validation losses reported are in standardised units.</para>
/// </remarks>
/// <example>
/// Runnable: <c>dotnet run --project samples/Regression</c>.
/// <code>
/// var pipeline = mlContext.Transforms.NormalizeMeanVariance("Features")
///     .Append(mlContext.Regression.Trainers.TwoLayer(labelColumnName: "MedianValue"));
/// var metrics = mlContext.Regression.Evaluate(pipeline.Fit(train).Transform(test), labelColumnName: "MedianValue");
/// </code>
/// </example>
public sealed partial class TwoLayerRegressionTrainer : TwoLayerTrainerBase<TwoLayerRegressionTrainer.Options>
{
    private readonly Options _regressionOptions;

    /// <summary>Creates a trainer; the options are checked here and copied.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public TwoLayerRegressionTrainer(MLContext mlContext, Options options)
        : this((IHostEnvironment)(mlContext ?? throw new ArgumentNullException(nameof(mlContext))), options)
    {
    }

    /// <summary>Creates a trainer on an ML.NET environment (what the catalog methods reach).</summary>
    internal TwoLayerRegressionTrainer(IHostEnvironment environment, Options options)
        : base(environment, options, nameof(TwoLayerRegressionTrainer))
    {
        // The base checked and copied them; this copy only feeds WithHead and is never changed.
        _regressionOptions = (Options)options.Clone();
    }

    /// <inheritdoc/>
    private protected override TwoLayerTask Task => TwoLayerTask.Regression;

    /// <inheritdoc/>
    private protected override TrainingSettings WithHead(TrainingSettings settings) => settings with
    {
        Head = _regressionOptions.LossFunction == TwoLayerRegressionLoss.Huber ? OutputHeadKind.IdentityHuber : OutputHeadKind.IdentitySquaredError,
        HuberDelta = _regressionOptions.HuberDelta,
        StandardizeTargets = _regressionOptions.StandardizeLabel,
    };

    /// <summary>Options of <see cref="TwoLayerRegressionTrainer"/>: every shared option (<see cref="TwoLayerOptionsBase"/>), the loss and label standardisation.</summary>
    public sealed class Options : TwoLayerOptionsBase
    {
        /// <summary>Options with every default; the learning rate, schedule and L2 penalty are the one-output trainers' (<see cref="TwoLayerOptionsBase.Defaults.SingleOutputLearningRate"/>).</summary>
        public Options()
        {
            LearningRate = Defaults.SingleOutputLearningRate;
            LearningRateSchedule = Defaults.SingleOutputLearningRateSchedule;
            L2Regularization = Defaults.SingleOutputL2Regularization;
            L2RowsPerWeight = Defaults.SingleOutputL2RowsPerWeight;
        }

        /// <summary>Default of <see cref="HuberDelta"/>: one standard deviation of the label.</summary>
        public const float DefaultHuberDelta = TrainingSettings.Defaults.HuberDelta;

        /// <summary>The loss minimised.</summary>
        public TwoLayerRegressionLoss LossFunction { get; set; } = TwoLayerRegressionLoss.SquaredError;

        /// <summary>
        /// Where <see cref="TwoLayerRegressionLoss.Huber"/> turns from squared to linear, in standardised
        /// label units (standard deviations when <see cref="StandardizeLabel"/> is on); positive.
        /// </summary>
        public float HuberDelta { get; set; } = DefaultHuberDelta;

        /// <summary>
        /// Learn the label standardised by the training labels' (weighted) mean and standard deviation,
        /// undone at scoring and saved with the model; on by default. Off, the network learns the raw
        /// label, which trains poorly when labels are far from [-1, 1].
        /// </summary>
        public bool StandardizeLabel { get; set; } = TrainingSettings.Defaults.StandardizeTargets;

        /// <summary>"TwoLayerRegressionTrainer.Options", as errors name it.</summary>
        private protected override string OptionsName => "TwoLayerRegressionTrainer.Options";

        /// <inheritdoc/>
        internal override void Validate()
        {
            base.Validate();
            Require(Enum.IsDefined(LossFunction), nameof(LossFunction), LossFunction, "is not a known loss");
            Require(float.IsFinite(HuberDelta) && HuberDelta > 0, nameof(HuberDelta), HuberDelta, "must be a positive finite number");
        }
    }
}
