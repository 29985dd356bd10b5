using Microsoft.ML;
using Microsoft.ML.Runtime;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Training;
using MlNetTwoLayer.MlNet.DataViews;

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
public sealed partial class TwoLayerTrainer : IEstimator<TwoLayerTransformer>
{
    private const string RegistrationName = "TwoLayerTrainer";
    private readonly IHost _host;
    private readonly Options _options;

    /// <summary>Creates a trainer; the options are checked here and copied.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public TwoLayerTrainer(MLContext mlContext, Options options)
        : this((IHostEnvironment)(mlContext ?? throw new ArgumentNullException(nameof(mlContext))), options)
    {
    }

    /// <summary>Creates a trainer on an ML.NET environment (what the catalog methods reach).</summary>
    internal TwoLayerTrainer(IHostEnvironment environment, Options options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _options.Validate();
        _host = environment.Register(RegistrationName);
        TwoLayerModelLoader.Register(environment); // so this context can Model.Load what it trains (docs/persistence.md)
    }

    /// <summary>Trains from freshly initialised weights.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type, or <see cref="Options.ClassWeights"/> does not have one weight per class.</exception>
    /// <exception cref="ArgumentException">No usable row, or fewer than two classes.</exception>
    /// <exception cref="InvalidOperationException">A <c>Single</c> label is negative, fractional or too large to be a class index (the message names the row); or, when streaming, the data changed between passes so an epoch read no usable row.</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException"><see cref="Options.CancellationToken"/> was cancelled.</exception>
    public TwoLayerTransformer Fit(IDataView input) => Train(input, validationData: null, initialModel: null);

    /// <summary>
    /// Trains starting from the weights of <paramref name="initialModel"/>, which must have the data's
    /// input and class counts, <see cref="Options.HiddenUnits"/> hidden units and <see cref="Options.HiddenActivation"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The initial model does not fit the data or the options (the message says which), plus everything <see cref="Fit(IDataView)"/> throws.</exception>
    public TwoLayerTransformer Fit(IDataView trainData, TwoLayerModelParameters initialModel)
    {
        ArgumentNullException.ThrowIfNull(initialModel);
        return Train(trainData, validationData: null, initialModel);
    }

    /// <summary>
    /// Trains with early stopping on <paramref name="validationData"/>: training stops after
    /// <see cref="Options.Patience"/> epochs without improvement of the validation loss, and the
    /// model keeps the weights of the best epoch. The validation data needs the same columns and classes.
    /// </summary>
    /// <exception cref="ArgumentException">The validation data has another feature count or other classes, plus everything <see cref="Fit(IDataView)"/> throws.</exception>
    public TwoLayerTransformer Fit(IDataView trainData, IDataView validationData)
    {
        ArgumentNullException.ThrowIfNull(validationData);
        return Train(trainData, validationData, initialModel: null);
    }

    /// <summary>Checks the input columns and returns the shape with Score and PredictedLabel added.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ColumnChecks.CheckFeatures(inputSchema, _options.FeatureColumnName);
        ColumnChecks.CheckLabel(inputSchema, _options.LabelColumnName);
        ColumnChecks.CheckWeight(inputSchema, _options.ExampleWeightColumnName);
        return ScoreSchema.BuildShape(inputSchema);
    }

    private TwoLayerTransformer Train(IDataView input, IDataView? validationData, TwoLayerModelParameters? initialModel)
    {
        ArgumentNullException.ThrowIfNull(input);
        using IChannel channel = _host.Start("Training");
        bool streaming = _options.DataMode == TrainingDataMode.Streaming;
        // In memory this pass is the one dense copy; streaming, it only counts classes and skipped rows.
        TrainingDataReadResult read = TrainingDataReader.Read(input, _options.FeatureColumnName, _options.LabelColumnName,
            _options.ExampleWeightColumnName, initialModel?.ClassCount, keepRows: !streaming);
        ReportSkipped(channel, read);
        CheckInitialModel(initialModel, read.Inputs);

        Dataset? validation = null;
        if (validationData != null)
        {
            validation = TrainingDataReader.Read(validationData, _options.FeatureColumnName, _options.LabelColumnName,
                _options.ExampleWeightColumnName, read.Classes).Dataset!;
            if (validation.Inputs != read.Inputs)
            {
                throw new ArgumentException($"The validation data has {validation.Inputs} features but the training data has {read.Inputs}.", nameof(validationData));
            }
        }
        if (_options.ClassWeights != null && _options.ClassWeights.Length != read.Classes)
        {
            throw new ArgumentOutOfRangeException(nameof(Options.ClassWeights), $"TwoLayerTrainer.Options.ClassWeights has {_options.ClassWeights.Length} weights, but label column '{_options.LabelColumnName}' has {read.Classes} classes.");
        }

        TrainingSettings settings = CreateSettings();
        if (_options.WideInputDefaults && initialModel == null)
        {
            // An initial model fixes the shape; otherwise wide inputs get the wide-input defaults.
            settings = settings.ForInputWidth(read.Inputs, validationData != null, streaming);
        }
        string layout = read.Dataset is SparseDataset || (streaming && DatasetLayout.PreferSparse(read.Density, read.Inputs, null)) ? "sparse" : "dense";
        channel.Info(MessageSensitivity.None, $"Training a {read.Inputs}-{settings.HiddenUnits}-{read.Classes} network on {read.Rows} rows ({_options.DataMode}, {layout}, density {read.Density:G3}): {settings.Optimizer}, learning rate {settings.LearningRate}, batch {(settings.BatchSize == 0 ? "all" : settings.BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture))}, seed {settings.Seed}.");
        var trainer = new NetworkTrainer(settings);
        Action<TrainingProgress> onEpoch = report =>
        {
            string validationText = report.ValidationLoss is double vl ? $", validation loss {vl:G6}, validation accuracy {report.ValidationAccuracy:F4}" : "";
            channel.Info(MessageSensitivity.None, $"Epoch {report.Epoch}/{report.NumberOfEpochs}: training loss {report.TrainingLoss:G6}{validationText}, learning rate {report.LearningRate:G4} ({report.Elapsed.TotalSeconds:F2}s)");
            _options.Progress?.Report(report);
        };
        TrainingOutcome outcome;
        if (streaming)
        {
            using var stream = new DataViewRowStream(input, _options.FeatureColumnName, _options.LabelColumnName, _options.ExampleWeightColumnName);
            // The counting pass measured the density, so sparse columns stream as their non-zeros.
            bool sparse = DatasetLayout.PreferSparse(read.Density, read.Inputs, expectedRows: null);
            outcome = trainer.TrainStreaming(stream, read.Rows, read.ClassCounts, validation, initialModel?.Parameters, onEpoch, sparse);
        }
        else
        {
            // Hand the rows over: once the hold-out split has copied them, the original can be collected
            // (a wide sparse data set is hundreds of MB).
            Dataset rows = read.Dataset!;
            read = read with { Dataset = null };
            outcome = trainer.Train(rows, validation, initialModel?.Parameters, onEpoch);
        }
        channel.Info(MessageSensitivity.None, $"Stopped after {outcome.History.EpochsRun} epochs ({outcome.History.StopReason}); the model holds epoch {outcome.History.BestEpoch}.");
        var model = new TwoLayerModelParameters(outcome.Parameters, read.ClassNames, settings.Activation);
        return new TwoLayerTransformer(_host, model, _options.FeatureColumnName, outcome.History);
    }

    private void CheckInitialModel(TwoLayerModelParameters? initialModel, int inputs)
    {
        if (initialModel == null)
        {
            return;
        }
        if (initialModel.InputCount != inputs || initialModel.HiddenCount != _options.HiddenUnits)
        {
            throw new ArgumentException(
                $"The initial model has {initialModel.InputCount} inputs and {initialModel.HiddenCount} hidden units, but the data has {inputs} features and Options.HiddenUnits is {_options.HiddenUnits}. They must match.",
                nameof(initialModel));
        }
        if (initialModel.Activation != _options.HiddenActivation)
        {
            throw new ArgumentException($"The initial model uses {initialModel.Activation} but Options.HiddenActivation is {_options.HiddenActivation}.", nameof(initialModel));
        }
    }

    /// <summary>The one place options become engine settings; every default comes from <see cref="TrainingSettings.Defaults"/>.</summary>
    private TrainingSettings CreateSettings() => new()
    {
        HiddenUnits = _options.HiddenUnits,
        LearningRate = _options.LearningRate,
        Epochs = _options.NumberOfEpochs,
        BatchSize = _options.BatchSize,
        Shuffle = _options.Shuffle,
        Seed = _options.Seed ?? _host.Rand.Next(),
        Optimizer = _options.Optimizer,
        Momentum = _options.Momentum,
        Beta1 = _options.Beta1,
        Beta2 = _options.Beta2,
        Epsilon = _options.Epsilon,
        L2Regularization = _options.L2Regularization,
        Initialization = _options.WeightInitialization,
        Activation = _options.HiddenActivation,
        Patience = _options.Patience,
        Tolerance = _options.Tolerance,
        ValidationFraction = _options.ValidationFraction,
        Schedule = _options.LearningRateSchedule,
        PowerT = _options.PowerT,
        PlateauFactor = _options.PlateauFactor,
        PlateauPatience = _options.PlateauPatience,
        ClassWeighting = _options.ClassWeighting,
        ClassWeights = _options.ClassWeights,
        StreamingShuffleWindow = _options.StreamingShuffleWindow,
        Threads = _options.NumberOfThreads ?? Environment.ProcessorCount,
        CancellationToken = _options.CancellationToken,
    };

    private void ReportSkipped(IChannel channel, TrainingDataReadResult read)
    {
        if (read.Skipped == 0)
        {
            return;
        }
        channel.Warning(MessageSensitivity.None,
            $"Skipped {read.Skipped} of {read.Skipped + read.Rows} rows: {read.SkippedBadFeatures} with NaN or infinite values in '{_options.FeatureColumnName}', " +
            $"{read.SkippedMissingLabel} with a missing label in '{_options.LabelColumnName}'" +
            (_options.ExampleWeightColumnName == null ? "." : $", {read.SkippedBadWeight} with a weight in '{_options.ExampleWeightColumnName}' that is not a positive finite number."));
    }
}
