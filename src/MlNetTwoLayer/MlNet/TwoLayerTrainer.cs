using Microsoft.ML;
using Microsoft.ML.Runtime;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Training;

namespace MlNetTwoLayer;

/// <summary>
/// Trains the seed notebook's two-layer network — <c>h = ReLU(x·W1 + b1)</c>,
/// <c>o = softmax(h·W2 + b2)</c>, mean cross-entropy, back-propagation — as an ML.NET multiclass
/// trainer.
/// </summary>
/// <remarks>
/// <para>Input columns: the label (a key, as <c>MapValueToKey</c> makes, or a Single holding class
/// indices), the features (a known-size vector of Single; normalise them, for example with
/// <c>NormalizeMinMax</c>), and optionally an example-weight column (Single).</para>
/// <para>Output columns: <c>Score</c>, a vector of class probabilities (softmax), and
/// <c>PredictedLabel</c>, the key of the most probable class.</para>
/// <para>Rows with NaN or infinite features, a missing label or a weight that is not positive are
/// skipped, and the count is logged to <c>MLContext.Log</c>.</para>
/// <para>The same network trains for binary classification (<see cref="TwoLayerBinaryTrainer"/>) and
/// regression (<see cref="TwoLayerRegressionTrainer"/>); only the output head differs.</para>
/// <para>A runnable example is <c>samples/Quickstart</c>.</para>
/// </remarks>
/// <example>
/// A pipeline (runnable: <c>dotnet run --project samples/Quickstart</c>; early stopping and metrics:
/// <c>samples/Digits</c>):
/// <code>
/// var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label", "Species")
///     .Append(mlContext.Transforms.NormalizeMinMax("Features", "Measurements"))
///     .Append(mlContext.MulticlassClassification.Trainers.TwoLayer(new TwoLayerTrainer.Options { HiddenUnits = 64, ValidationFraction = 0.1 }))
///     .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel"));
/// var model = pipeline.Fit(data);
/// </code>
/// </example>
public sealed partial class TwoLayerTrainer : TwoLayerTrainerBase<TwoLayerTrainer.Options>
{
    /// <summary>Creates a trainer; the options are checked here and copied.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public TwoLayerTrainer(MLContext mlContext, Options options)
        : this((IHostEnvironment)(mlContext ?? throw new ArgumentNullException(nameof(mlContext))), options)
    {
    }

    /// <summary>Creates a trainer on an ML.NET environment (what the catalog methods reach).</summary>
    internal TwoLayerTrainer(IHostEnvironment environment, Options options)
        : base(environment, options, nameof(TwoLayerTrainer))
    {
    }

    /// <inheritdoc/>
    private protected override TwoLayerTask Task => TwoLayerTask.MulticlassClassification;

    /// <inheritdoc/>
    private protected override TrainingSettings WithHead(TrainingSettings settings) => settings with { Head = OutputHeadKind.SoftmaxCrossEntropy };
}
