using Microsoft.ML;
using Microsoft.ML.Runtime;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Training;

namespace MlNetTwoLayer;

/// <summary>
/// The two-layer network as an ML.NET binary classifier: <c>h = f(x·W1 + b1)</c>, one output
/// <c>s = h·W2 + b2</c>, <c>P(true) = σ(s)</c>, binary cross-entropy. Everything else — options,
/// optimisers, early stopping, weights, streaming, threads, persistence, ONNX — is the multiclass
/// trainer's (<see cref="TwoLayerTrainerBase{TOptions}"/>).
/// </summary>
/// <remarks>
/// <para>Input columns: the label (Boolean, as ML.NET's binary trainers take it), the features (a
/// known-size vector of Single; normalise them) and optionally an example weight (Single).</para>
/// <para>Output columns, as ML.NET's calibrated binary trainers give them so that
/// <c>BinaryClassification.Evaluate</c>, <c>CrossValidate</c>, permutation feature importance and
/// <c>PredictionEngine</c> work unchanged: <c>Score</c> (Single, the raw margin <c>s</c>),
/// <c>Probability</c> (Single, <c>σ(s)</c>; the network is trained on log-loss, so it needs no
/// separate calibrator) and <c>PredictedLabel</c> (Boolean, <c>s &gt; 0</c>).</para>
/// <para>For imbalanced data set <see cref="TwoLayerClassifierOptionsBase.ClassWeighting"/> to
/// <see cref="ClassWeighting.Balanced"/>, or <see cref="TwoLayerClassifierOptionsBase.ClassWeights"/> to <c>[false, true]</c> weights.</para>
/// </remarks>
/// <example>
/// Runnable: <c>dotnet run --project samples/BinaryClassification</c>.
/// <code>
/// var pipeline = mlContext.Transforms.NormalizeMeanVariance("Features")
///     .Append(mlContext.BinaryClassification.Trainers.TwoLayer(labelColumnName: "Label", hiddenUnits: 32));
/// var metrics = mlContext.BinaryClassification.Evaluate(pipeline.Fit(train).Transform(test));
/// </code>
/// </example>
public sealed partial class TwoLayerBinaryTrainer : TwoLayerTrainerBase<TwoLayerBinaryTrainer.Options>
{
    /// <summary>Creates a trainer; the options are checked here and copied.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public TwoLayerBinaryTrainer(MLContext mlContext, Options options)
        : this((IHostEnvironment)(mlContext ?? throw new ArgumentNullException(nameof(mlContext))), options)
    {
    }

    /// <summary>Creates a trainer on an ML.NET environment (what the catalog methods reach).</summary>
    internal TwoLayerBinaryTrainer(IHostEnvironment environment, Options options)
        : base(environment, options, nameof(TwoLayerBinaryTrainer))
    {
    }

    /// <inheritdoc/>
    private protected override TwoLayerTask Task => TwoLayerTask.BinaryClassification;

    /// <inheritdoc/>
    private protected override TrainingSettings WithHead(TrainingSettings settings) => settings with { Head = OutputHeadKind.SigmoidBinaryCrossEntropy };

    /// <summary>Options of <see cref="TwoLayerBinaryTrainer"/>: every shared option (<see cref="TwoLayerOptionsBase"/>) and class weighting.</summary>
    public sealed class Options : TwoLayerClassifierOptionsBase
    {
        /// <summary>Options with every default; the learning rate, schedule and L2 penalty are the one-output trainers' (<see cref="TwoLayerOptionsBase.Defaults.SingleOutputLearningRate"/>).</summary>
        public Options()
        {
            LearningRate = Defaults.SingleOutputLearningRate;
            LearningRateSchedule = Defaults.SingleOutputLearningRateSchedule;
            L2Regularization = Defaults.SingleOutputL2Regularization;
            L2RowsPerWeight = Defaults.SingleOutputL2RowsPerWeight;
        }

        /// <summary>"TwoLayerBinaryTrainer.Options", as errors name it.</summary>
        private protected override string OptionsName => "TwoLayerBinaryTrainer.Options";
    }
}
