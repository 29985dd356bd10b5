using MlNetTwoLayer.Engine.Persistence;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Training;
using MlNetTwoLayer.MlNet.DataViews;

namespace MlNetTwoLayer;

/// <summary>
/// What the three two-layer trainers share — reading the data, checking it, building the engine's
/// settings, training (in memory or streaming, with early stopping), logging and making the
/// transformer. A derived trainer only says what its label is and which output head it trains.
/// </summary>
/// <typeparam name="TOptions">The trainer's options type.</typeparam>
public abstract class TwoLayerTrainerBase<TOptions> : IEstimator<TwoLayerTransformer>
    where TOptions : TwoLayerOptionsBase
{
    private readonly IHost _host;
    private readonly TOptions _options;

    /// <summary>Creates a trainer on an ML.NET environment; the options are checked and copied.</summary>
    private protected TwoLayerTrainerBase(IHostEnvironment environment, TOptions options, string registrationName)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        _options = (TOptions)options.Clone();
        _options.Validate();
        _host = environment.Register(registrationName);
        TwoLayerModelLoader.Register(environment); // so this context can Model.Load what it trains (docs/persistence.md)
    }

    /// <summary>Trains from freshly initialised weights.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or of the wrong type, or <see cref="TwoLayerClassifierOptionsBase.ClassWeights"/> does not have one weight per class.</exception>
    /// <exception cref="ArgumentException">No usable row, fewer than two classes, or a binary label that is the same on every row.</exception>
    /// <exception cref="InvalidOperationException">A multiclass <c>Single</c> label is negative, fractional or too large to be a class index, or a regression label is infinite (the message names the row); or, when streaming, the data changed between passes so an epoch read no usable row.</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException"><see cref="TwoLayerOptionsBase.CancellationToken"/> was cancelled.</exception>
    public TwoLayerTransformer Fit(IDataView input) => Train(input, validationData: null, initialModel: null);

    /// <summary>
    /// Trains starting from the weights of <paramref name="initialModel"/>, which must have the data's
    /// input and class counts, <see cref="TwoLayerOptionsBase.HiddenUnits"/> hidden units, <see cref="TwoLayerOptionsBase.HiddenActivation"/>
    /// and this trainer's task. A regression model keeps its label scaling.
    /// </summary>
    /// <exception cref="ArgumentException">The initial model does not fit the data or the options (the message says which), plus everything <see cref="Fit(IDataView)"/> throws.</exception>
    public TwoLayerTransformer Fit(IDataView trainData, TwoLayerModelParameters initialModel)
    {
        ArgumentNullException.ThrowIfNull(initialModel);
        return Train(trainData, validationData: null, initialModel);
    }

    /// <summary>
    /// Trains with early stopping on <paramref name="validationData"/>: training stops after
    /// <see cref="TwoLayerOptionsBase.Patience"/> epochs without improvement of the validation loss, and the
    /// model keeps the weights of the best epoch. The validation data needs the same columns and classes.
    /// </summary>
    /// <exception cref="ArgumentException">The validation data has another feature count or other classes, plus everything <see cref="Fit(IDataView)"/> throws.</exception>
    public TwoLayerTransformer Fit(IDataView trainData, IDataView validationData)
    {
        ArgumentNullException.ThrowIfNull(validationData);
        return Train(trainData, validationData, initialModel: null);
    }

    /// <summary>Checks the input columns and returns the shape with the trainer's output columns added (see the derived trainer).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        ColumnChecks.CheckFeatures(inputSchema, _options.FeatureColumnName);
        ColumnChecks.CheckLabel(inputSchema, _options.LabelColumnName, LabelKind);
        ColumnChecks.CheckWeight(inputSchema, _options.ExampleWeightColumnName);
        return PredictionColumns.BuildShape(inputSchema, Task, _options.LabelColumnName);
    }

    /// <summary>What the trained model predicts.</summary>
    private protected abstract TwoLayerTask Task { get; }

    /// <summary>How the label column is read.</summary>
    private protected LabelKind LabelKind => Task switch
    {
        TwoLayerTask.BinaryClassification => LabelKind.Boolean,
        TwoLayerTask.Regression => LabelKind.Real,
        _ => LabelKind.ClassIndex,
    };

    /// <summary>The settings' task-specific part: the output head and its options.</summary>
    private protected abstract TrainingSettings WithHead(TrainingSettings settings);

    private TwoLayerTransformer Train(IDataView input, IDataView? validationData, TwoLayerModelParameters? initialModel)
    {
        ArgumentNullException.ThrowIfNull(input);
        using IChannel channel = _host.Start("Training");
        bool streaming = _options.DataMode == TrainingDataMode.Streaming;
        // In memory this pass is the one dense copy; streaming, it only counts classes and skipped rows.
        TrainingDataReadResult read = TrainingDataReader.Read(input, _options.FeatureColumnName, _options.LabelColumnName,
            _options.ExampleWeightColumnName, initialModel == null || Task != TwoLayerTask.MulticlassClassification ? null : initialModel.ClassCount, keepRows: !streaming,
            cancellation: _options.CancellationToken, labelKind: LabelKind, standardizeInputs: _options.StandardizeInputs);
        // Rows kept as positions in an ML.NET cache read from it until training ends.
        using IDisposable? trainingRows = (read.Dataset as SparseDataset)?.Source as IDisposable;
        ReportSkipped(channel, read);
        CheckInitialModel(initialModel, read.Inputs);
        int outputs = Task == TwoLayerTask.MulticlassClassification ? read.Classes : 1;
        int window = streaming ? StreamingBatchSource.EffectiveWindow(_options.StreamingShuffleWindow, read.Rows, read.Inputs) : 0;
        _options.ValidateAgainstData(read.Inputs, outputs, read.Rows, window);
        if (streaming && window < _options.StreamingShuffleWindow)
        {
            channel.Info(MessageSensitivity.None,
                $"{GetType().Name}.Options.StreamingShuffleWindow {_options.StreamingShuffleWindow} is capped to {window} rows: the data has {read.Rows} usable rows of {read.Inputs} features, and the window holds at most {StreamingBatchSource.MaxWindowValues} values.");
        }

        Dataset? validation = null;
        IDisposable? validationRows = null;
        using var disposeValidationRows = new DisposeLater(() => validationRows?.Dispose());
        if (validationData != null)
        {
            TrainingDataReadResult validationRead = TrainingDataReader.Read(validationData, _options.FeatureColumnName, _options.LabelColumnName,
                _options.ExampleWeightColumnName, Task == TwoLayerTask.Regression ? null : read.Classes, dataKind: "validation", cancellation: _options.CancellationToken, labelKind: LabelKind,
                standardizeInputs: _options.StandardizeInputs);
            validationRows = (validationRead.Dataset as SparseDataset)?.Source as IDisposable;
            if (validationRead.Inputs != read.Inputs)
            {
                throw new ArgumentException($"The validation data has {validationRead.Inputs} features in '{_options.FeatureColumnName}' but the training data has {read.Inputs}.", nameof(validationData));
            }
            if (Task == TwoLayerTask.MulticlassClassification)
            {
                ValidationLabels.AlignWithTraining(read, validationRead, _options.LabelColumnName);
            }
            validation = validationRead.Dataset!;
        }
        var classifierOptions = _options as TwoLayerClassifierOptionsBase;
        if (classifierOptions?.ClassWeights is float[] givenWeights && givenWeights.Length != read.Classes)
        {
            throw new ArgumentOutOfRangeException(nameof(TwoLayerClassifierOptionsBase.ClassWeights),
                $"{GetType().Name}.Options.ClassWeights has {givenWeights.Length} weights, but label column '{_options.LabelColumnName}' has {read.Classes} classes" +
                (Task == TwoLayerTask.BinaryClassification ? " (false, true)." : "."));
        }

        TrainingSettings settings = WithHead(CreateSettings(classifierOptions));
        if (_options.WideInputDefaults && initialModel == null)
        {
            // An initial model fixes the shape; otherwise wide inputs get the wide-input defaults.
            settings = settings.ForInputWidth(read.Inputs, validationData != null, streaming);
        }
        bool sparse = streaming
            ? DatasetLayout.PreferSparse(read.Density, read.Inputs, _options.StandardizeInputs) && Task != TwoLayerTask.Regression
            : read.Dataset is SparseDataset;
        channel.Info(MessageSensitivity.None, $"Training a {read.Inputs}-{settings.HiddenUnits}-{(Task == TwoLayerTask.MulticlassClassification ? read.Classes : 1)} network{(settings.EnsembleSize == 1 ? "" : $" {settings.EnsembleSize} times (an ensemble, merged into one network of {settings.EnsembleSize * settings.HiddenUnits} hidden units)")} ({settings.Head}) on {read.Rows} rows ({_options.DataMode}, {(sparse ? "sparse" : "dense")}, density {read.Density:G3}): {settings.Optimizer}, learning rate {settings.LearningRate}, batch {(settings.BatchSize == 0 ? "all" : settings.BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture))}, seed {settings.Seed}.");
        var trainer = new EnsembleTrainer(settings);
        string memberCount = settings.EnsembleSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Action<int, TrainingProgress> onEpoch = (member, report) =>
        {
            string memberText = settings.EnsembleSize == 1 ? "" : $"Member {member + 1}/{memberCount}, e";
            string validationText = report.ValidationLoss is double vl
                ? $", validation loss {vl:G6}" + (report.ValidationAccuracy is double va ? $", validation accuracy {va:F4}" : "")
                : "";
            channel.Info(MessageSensitivity.None, $"{(memberText.Length == 0 ? "E" : memberText)}poch {report.Epoch}/{report.NumberOfEpochs}: training loss {report.TrainingLoss:G6}{validationText}, learning rate {report.LearningRate:G4} ({report.Elapsed.TotalSeconds:F2}s)");
            _options.Progress?.Report(report);
        };
        // A continued model keeps its label scaling, so its weights keep their meaning; a streamed
        // regression standardises with the counting pass's statistics (in memory, the engine does it
        // on the training rows).
        IOutputHead? head = initialModel != null ? trainer.CreateHead(initialModel.Head.Scaling)
            : streaming && settings.StandardizeTargets && Task == TwoLayerTask.Regression ? trainer.CreateHead(read.TargetScaling)
            : null;
        TrainingOutcome outcome;
        if (streaming)
        {
            // Later passes are checked against what the counting pass found, and weigh rows as it did.
            using var stream = new DataViewRowStream(input, _options.FeatureColumnName, _options.LabelColumnName, _options.ExampleWeightColumnName,
                _options.CancellationToken, Task == TwoLayerTask.Regression ? null : read.Classes, LabelKind) { WeightDivisor = read.MeanWeight };
            // The counting pass measured the density, so sparse columns stream as their non-zeros.
            outcome = trainer.TrainStreaming(stream, read.Rows, read.ClassCounts, validation, initialModel?.Parameters, onEpoch, head, sparse);
        }
        else
        {
            // Hand the rows over: once the hold-out split has been made (a dense split copies the rows; a
            // sparse one shares them), this reference must not keep the original alive.
            Dataset rows = read.Dataset!;
            read = read with { Dataset = null };
            outcome = trainer.Train(rows, validation, initialModel?.Parameters, onEpoch, head);
        }
        foreach (TrainingHistory member in outcome.History.Members)
        {
            channel.Info(MessageSensitivity.None, $"Stopped after {member.EpochsRun} epochs ({member.StopReason}); the model holds epoch {member.BestEpoch}.");
        }
        bool multiclass = Task == TwoLayerTask.MulticlassClassification;
        var model = new TwoLayerModelParameters(outcome.Parameters, multiclass ? read.ClassNames : null, settings.Activation, outcome.Head,
            multiclass ? read.LabelKind : ClassLabelKind.Text);
        return TwoLayerTransformer.Create(_host, model, _options.FeatureColumnName, _options.LabelColumnName, input.Schema, outcome.History);
    }

    private void CheckInitialModel(TwoLayerModelParameters? initialModel, int inputs)
    {
        if (initialModel == null)
        {
            return;
        }
        long hidden = (long)_options.HiddenUnits * _options.EnsembleSize;
        if (initialModel.InputCount != inputs || initialModel.HiddenCount != hidden)
        {
            string expected = _options.EnsembleSize == 1
                ? $"Options.HiddenUnits is {_options.HiddenUnits}"
                : $"Options.HiddenUnits {_options.HiddenUnits} times Options.EnsembleSize {_options.EnsembleSize} is {hidden}";
            throw new ArgumentException(
                $"The initial model has {initialModel.InputCount} inputs and {initialModel.HiddenCount} hidden units, but the data has {inputs} features and {expected}. They must match.",
                nameof(initialModel));
        }
        if (initialModel.Activation != _options.HiddenActivation)
        {
            throw new ArgumentException($"The initial model uses {initialModel.Activation} but Options.HiddenActivation is {_options.HiddenActivation}.", nameof(initialModel));
        }
        if (initialModel.Task != Task)
        {
            throw new ArgumentException($"The initial model was trained for {initialModel.Task}, but {GetType().Name} trains for {Task}.", nameof(initialModel));
        }
    }

    /// <summary>The one place options become engine settings; every default comes from <see cref="TrainingSettings.Defaults"/>.</summary>
    private TrainingSettings CreateSettings(TwoLayerClassifierOptionsBase? classifierOptions) => new()
    {
        HiddenUnits = _options.HiddenUnits,
        EnsembleSize = _options.EnsembleSize,
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
        L2RowsPerWeight = _options.L2RowsPerWeight,
        Initialization = _options.WeightInitialization,
        Activation = _options.HiddenActivation,
        Patience = _options.Patience,
        Tolerance = _options.Tolerance,
        ValidationFraction = _options.ValidationFraction,
        Schedule = _options.LearningRateSchedule,
        PowerT = _options.PowerT,
        PlateauFactor = _options.PlateauFactor,
        PlateauPatience = _options.PlateauPatience,
        ClassWeighting = classifierOptions?.ClassWeighting ?? ClassWeighting.None,
        ClassWeights = classifierOptions?.ClassWeights,
        StreamingShuffleWindow = _options.StreamingShuffleWindow,
        StandardizeInputs = _options.StandardizeInputs,
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

    /// <summary>Runs an action when disposed (a using declaration for a value assigned later).</summary>
    private sealed class DisposeLater(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
