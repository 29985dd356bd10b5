using Microsoft.ML;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary>
/// Each option's limits, from both sides: a value just outside fails when the trainer is built, with an
/// exception naming the option, its rule and the value; the value on the edge is accepted. One fact per
/// trainer walks a table, so a single check that is loosened, tightened or reworded fails it (a theory's
/// rows are not reliably told apart by the mutation tool).
/// </summary>
public class OptionLimitsTests
{
    private const int MaxHidden = 1 << 20;

    private static readonly (string Option, Action<TwoLayerOptionsBase> Set, string Message)[] Refused =
    [
        ("HiddenUnits", o => o.HiddenUnits = 0, $"HiddenUnits must be between 1 and {MaxHidden}; it is 0."),
        ("HiddenUnits", o => o.HiddenUnits = MaxHidden + 1, $"HiddenUnits must be between 1 and {MaxHidden}; it is {MaxHidden + 1}."),
        ("EnsembleSize", o => o.EnsembleSize = 0, "EnsembleSize must be between 1 (one network) and 64; it is 0."),
        ("EnsembleSize", o => o.EnsembleSize = 65, "EnsembleSize must be between 1 (one network) and 64; it is 65."),
        ("EnsembleSize", o => { o.EnsembleSize = 2; o.HiddenUnits = MaxHidden / 2 + 1; },
            $"EnsembleSize times HiddenUnits ({MaxHidden / 2 + 1}) is the merged model's hidden units and must be at most {MaxHidden}; use fewer members or hidden units; it is 2."),
        ("LearningRate", o => o.LearningRate = 0, "LearningRate must be a positive finite number; it is 0."),
        ("LearningRate", o => o.LearningRate = -1, "LearningRate must be a positive finite number; it is -1."),
        ("LearningRate", o => o.LearningRate = float.PositiveInfinity, $"LearningRate must be a positive finite number; it is {float.PositiveInfinity}."),
        ("NumberOfEpochs", o => o.NumberOfEpochs = 0, "NumberOfEpochs must be at least 1; it is 0."),
        ("BatchSize", o => o.BatchSize = -1, "BatchSize must be 0 (the whole data set) or positive; it is -1."),
        ("Optimizer", o => o.Optimizer = (OptimizerKind)99, "Optimizer is not a known optimiser; it is 99."),
        ("Momentum", o => o.Momentum = -0.5f, $"Momentum must be in [0, 1); it is {-0.5f}."),
        ("Momentum", o => o.Momentum = 1, "Momentum must be in [0, 1); it is 1."),
        ("Beta1", o => o.Beta1 = -0.5f, $"Beta1 must be in [0, 1); it is {-0.5f}."),
        ("Beta1", o => o.Beta1 = 1, "Beta1 must be in [0, 1); it is 1."),
        ("Beta2", o => o.Beta2 = -0.5f, $"Beta2 must be in [0, 1); it is {-0.5f}."),
        ("Beta2", o => o.Beta2 = 1, "Beta2 must be in [0, 1); it is 1."),
        ("Epsilon", o => o.Epsilon = 0, "Epsilon must be a positive finite number; it is 0."),
        ("Epsilon", o => o.Epsilon = float.PositiveInfinity, $"Epsilon must be a positive finite number; it is {float.PositiveInfinity}."),
        ("L2Regularization", o => o.L2Regularization = -0.5f, $"L2Regularization must be a finite number, 0 or more; it is {-0.5f}."),
        ("L2Regularization", o => o.L2Regularization = float.PositiveInfinity, $"L2Regularization must be a finite number, 0 or more; it is {float.PositiveInfinity}."),
        ("L2RowsPerWeight", o => o.L2RowsPerWeight = -0.5f, $"L2RowsPerWeight must be 0 (λ on any number of rows) or a positive finite number; it is {-0.5f}."),
        ("L2RowsPerWeight", o => o.L2RowsPerWeight = float.PositiveInfinity, $"L2RowsPerWeight must be 0 (λ on any number of rows) or a positive finite number; it is {float.PositiveInfinity}."),
        ("Patience", o => o.Patience = -1, "Patience must be 0 (never stop early) or positive; it is -1."),
        ("Tolerance", o => o.Tolerance = -0.5, $"Tolerance must be a finite number, 0 or more; it is {-0.5}."),
        ("Tolerance", o => o.Tolerance = double.PositiveInfinity, $"Tolerance must be a finite number, 0 or more; it is {double.PositiveInfinity}."),
        ("ValidationFraction", o => o.ValidationFraction = -0.5, $"ValidationFraction must be 0 (none) or in (0, 1); it is {-0.5}."),
        ("ValidationFraction", o => o.ValidationFraction = 1, "ValidationFraction must be 0 (none) or in (0, 1); it is 1."),
        ("LearningRateSchedule", o => o.LearningRateSchedule = (LearningRateSchedule)99, "LearningRateSchedule is not a known schedule; it is 99."),
        ("PowerT", o => o.PowerT = 0, "PowerT must be a positive finite number; it is 0."),
        ("PowerT", o => o.PowerT = double.PositiveInfinity, $"PowerT must be a positive finite number; it is {double.PositiveInfinity}."),
        ("PlateauFactor", o => o.PlateauFactor = 0, "PlateauFactor must be in (0, 1); it is 0."),
        ("PlateauFactor", o => o.PlateauFactor = 1, "PlateauFactor must be in (0, 1); it is 1."),
        ("PlateauPatience", o => o.PlateauPatience = 0, "PlateauPatience must be at least 1; it is 0."),
        ("DataMode", o => o.DataMode = (TrainingDataMode)99, "DataMode is not a known data mode; it is 99."),
        ("StreamingShuffleWindow", o => o.StreamingShuffleWindow = 0, "StreamingShuffleWindow must be at least 1; it is 0."),
        ("ValidationFraction", o => { o.DataMode = TrainingDataMode.Streaming; o.ValidationFraction = 0.5; },
            $"ValidationFraction must be 0 with DataMode Streaming (a hold-out needs the data in memory); pass validation data to Fit(trainData, validationData) instead; it is {0.5}."),
        ("WeightInitialization", o => o.WeightInitialization = (WeightInitialization)99, "WeightInitialization is not a known initialisation; it is 99."),
        ("HiddenActivation", o => o.HiddenActivation = (HiddenActivation)99, "HiddenActivation is not a known activation; it is 99."),
        ("NumberOfThreads", o => o.NumberOfThreads = 0, "NumberOfThreads must be null (every core) or between 1 and 1024; it is 0."),
        ("NumberOfThreads", o => o.NumberOfThreads = 1025, "NumberOfThreads must be null (every core) or between 1 and 1024; it is 1025."),
        ("LabelColumnName", o => o.LabelColumnName = null!, "LabelColumnName must name a column; it is null."),
        ("LabelColumnName", o => o.LabelColumnName = " ", "LabelColumnName must name a column; it is empty."),
        ("FeatureColumnName", o => o.FeatureColumnName = "", "FeatureColumnName must name a column; it is empty."),
        ("ExampleWeightColumnName", o => o.ExampleWeightColumnName = "", "ExampleWeightColumnName must name a column; it is empty."),
        ("FeatureColumnName", o => o.FeatureColumnName = "\ud800F",
            "FeatureColumnName must be valid Unicode text, but it has a lone surrogate at index 0, which UTF-8 cannot hold: the saved model would name another column. Rename the column (mlContext.Transforms.CopyColumns); it is \ud800F."),
        ("FeatureColumnName", o => o.FeatureColumnName = new string('n', (1 << 16) + 1),
            "FeatureColumnName must take at most 65536 UTF-8 bytes, the most a saved model holds. Rename the column (mlContext.Transforms.CopyColumns); it is (65537 UTF-8 bytes)."),
    ];

    private static readonly (string Option, Action<TwoLayerClassifierOptionsBase> Set, string Message)[] RefusedByClassifiers =
    [
        ("ClassWeighting", o => o.ClassWeighting = (ClassWeighting)99, "ClassWeighting is not a known class weighting; it is 99."),
        ("ClassWeights", o => o.ClassWeights = [], "ClassWeights must hold one positive finite weight per class; it is []."),
        ("ClassWeights", o => o.ClassWeights = [1, 0], "ClassWeights must hold one positive finite weight per class; it is [1, 0]."),
        ("ClassWeights", o => o.ClassWeights = [-1, 1], "ClassWeights must hold one positive finite weight per class; it is [-1, 1]."),
        ("ClassWeights", o => o.ClassWeights = [1, float.PositiveInfinity], $"ClassWeights must hold one positive finite weight per class; it is [1, {float.PositiveInfinity}]."),
    ];

    private static readonly (string Option, Action<TwoLayerRegressionTrainer.Options> Set, string Message)[] RefusedByRegression =
    [
        ("LossFunction", o => o.LossFunction = (TwoLayerRegressionLoss)99, "LossFunction is not a known loss; it is 99."),
        ("HuberDelta", o => o.HuberDelta = 0, "HuberDelta must be a positive finite number; it is 0."),
        ("HuberDelta", o => o.HuberDelta = float.PositiveInfinity, $"HuberDelta must be a positive finite number; it is {float.PositiveInfinity}."),
    ];

    /// <summary>Values on (or just inside) each limit; every one must be accepted by every trainer.</summary>
    private static readonly (string What, Action<TwoLayerOptionsBase> Set)[] Accepted =
    [
        ("HiddenUnits 1", o => o.HiddenUnits = 1),
        ("HiddenUnits at the maximum", o => o.HiddenUnits = MaxHidden),
        ("EnsembleSize 1", o => o.EnsembleSize = 1),
        ("EnsembleSize 64", o => { o.EnsembleSize = 64; o.HiddenUnits = 4; }),
        ("EnsembleSize x HiddenUnits at the maximum", o => { o.EnsembleSize = 2; o.HiddenUnits = MaxHidden / 2; }),
        ("NumberOfEpochs 1", o => o.NumberOfEpochs = 1),
        ("BatchSize 0", o => o.BatchSize = 0),
        ("Momentum 0", o => o.Momentum = 0),
        ("Beta1 0", o => o.Beta1 = 0),
        ("Beta2 0", o => o.Beta2 = 0),
        ("L2Regularization 0", o => o.L2Regularization = 0),
        ("L2RowsPerWeight 0", o => o.L2RowsPerWeight = 0),
        ("Patience 0", o => o.Patience = 0),
        ("Tolerance 0", o => o.Tolerance = 0),
        ("ValidationFraction 0", o => o.ValidationFraction = 0),
        ("ValidationFraction 0.5", o => o.ValidationFraction = 0.5),
        ("PlateauPatience 1", o => o.PlateauPatience = 1),
        ("StreamingShuffleWindow 1", o => o.StreamingShuffleWindow = 1),
        ("Streaming without a hold-out", o => { o.DataMode = TrainingDataMode.Streaming; o.ValidationFraction = 0; }),
        ("NumberOfThreads 1", o => o.NumberOfThreads = 1),
        ("NumberOfThreads 1024", o => o.NumberOfThreads = 1024),
        ("NumberOfThreads null", o => o.NumberOfThreads = null),
        ("a weight column", o => o.ExampleWeightColumnName = "Weight"),
        ("a feature column name of 65536 UTF-8 bytes", o => o.FeatureColumnName = new string('n', 1 << 16)),
        ("a feature column name of 65536 UTF-8 bytes outside the basic plane", o => o.FeatureColumnName = string.Concat(Enumerable.Repeat("🌸", 1 << 14))),
    ];

    private static readonly (string Option, Func<TwoLayerOptionsBase> Create, Func<TwoLayerOptionsBase, object> Build)[] Trainers =
    [
        ("TwoLayerTrainer.Options", () => new TwoLayerTrainer.Options(), o => new TwoLayerTrainer(new MLContext(), (TwoLayerTrainer.Options)o)),
        ("TwoLayerBinaryTrainer.Options", () => new TwoLayerBinaryTrainer.Options(), o => new TwoLayerBinaryTrainer(new MLContext(), (TwoLayerBinaryTrainer.Options)o)),
        ("TwoLayerRegressionTrainer.Options", () => new TwoLayerRegressionTrainer.Options(), o => new TwoLayerRegressionTrainer(new MLContext(), (TwoLayerRegressionTrainer.Options)o)),
    ];

    [Fact]
    public void EveryTrainerRefusesAValueJustOutsideEachLimitNamingTheOptionItsRuleAndTheValue()
    {
        var failures = new List<string>();
        foreach (var (optionsName, create, build) in Trainers)
        {
            foreach (var (option, set, message) in Refused)
            {
                TwoLayerOptionsBase options = create();
                set(options);
                Check(failures, optionsName, option, $"{optionsName}.{message}", () => build(options));
            }
            if (create() is TwoLayerClassifierOptionsBase)
            {
                foreach (var (option, set, message) in RefusedByClassifiers)
                {
                    var options = (TwoLayerClassifierOptionsBase)create();
                    set(options);
                    Check(failures, optionsName, option, $"{optionsName}.{message}", () => build(options));
                }
            }
        }
        foreach (var (option, set, message) in RefusedByRegression)
        {
            var options = new TwoLayerRegressionTrainer.Options();
            set(options);
            Check(failures, "TwoLayerRegressionTrainer.Options", option, $"TwoLayerRegressionTrainer.Options.{message}",
                () => new TwoLayerRegressionTrainer(new MLContext(), options));
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void EveryTrainerAcceptsTheValuesOnEachLimit()
    {
        var failures = new List<string>();
        foreach (var (optionsName, create, build) in Trainers)
        {
            foreach (var (what, set) in Accepted)
            {
                TwoLayerOptionsBase options = create();
                set(options);
                try
                {
                    build(options);
                }
                catch (ArgumentException e)
                {
                    failures.Add($"{optionsName}, {what}: {e.Message}");
                }
            }
        }
        var classWeights = new TwoLayerTrainer.Options { ClassWeights = [1, 0.5f] };
        var huber = new TwoLayerRegressionTrainer.Options { LossFunction = TwoLayerRegressionLoss.Huber, HuberDelta = float.Epsilon };
        try
        {
            _ = new TwoLayerTrainer(new MLContext(), classWeights);
            _ = new TwoLayerRegressionTrainer(new MLContext(), huber);
        }
        catch (ArgumentException e)
        {
            failures.Add(e.Message);
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void AnEnsembleTooLargeForOneArrayIsRefusedAtFitCountingEveryMembersHiddenUnits()
    {
        // 4 members of 2^18 units merge into 2^20 hidden units: 10,000 x 2^20 weights do not fit one array
        // (10,000 x 2^16 would), so the check must multiply by the members, and the message says so.
        var options = new TwoLayerTrainer.Options { EnsembleSize = 4, HiddenUnits = 1 << 18, NumberOfEpochs = 1, Seed = 1, NumberOfThreads = 1 };
        var trainer = new TwoLayerTrainer(new MLContext(seed: 1), options);
        var data = new Helpers.LazyDataView(4, 10_000, (_, row) => row % 2);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(data));

        long hidden = 1 << 20, weights = 10_000 * hidden + hidden + hidden * 2 + 2;
        Assert.Equal("HiddenUnits", error.ParamName);
        Assert.StartsWith($"TwoLayerTrainer.Options.HiddenUnits is {1 << 18} (EnsembleSize 4 merges {hidden} hidden units): with 10000 features and 2 outputs " +
            $"the network would need {weights} weights, more than one array holds ({Array.MaxLength}). Use at most {(Array.MaxLength - 2L) / 10_003} hidden units in all, or fewer features.",
            error.Message);
    }

    [Fact]
    public void ABatchTooLargeForOneArrayIsRefusedAtFitCountingTheRowsABatchReallyHas()
    {
        // 2^20 hidden units: a batch of 2,048 rows or more needs a buffer larger than one array. The message
        // counts the rows a batch really has: an explicit batch holds at most the rows there are, a batch of 0
        // is the whole data in memory or one window when streaming.
        var cases = new (int Rows, int BatchSize, TrainingDataMode Mode, string What, long BatchRows)[]
        {
            (2100, 4096, TrainingDataMode.InMemory, "4096", 2100),
            (5000, 4096, TrainingDataMode.InMemory, "4096", 4096),
            (2100, 0, TrainingDataMode.InMemory, "0, the whole data set of 2100 rows per step", 2100),
            (5000, 0, TrainingDataMode.Streaming, "0, one streaming window of 3000 rows per step", 3000),
        };
        var failures = new List<string>();
        foreach (var (rows, batchSize, mode, what, batchRows) in cases)
        {
            var options = new TwoLayerTrainer.Options
            {
                HiddenUnits = 1 << 20, BatchSize = batchSize, DataMode = mode, StreamingShuffleWindow = 3000, NumberOfEpochs = 1, Seed = 1, NumberOfThreads = 1,
            };
            var data = new Helpers.LazyDataView(rows, 1, (_, row) => row % 2);
            string expected = $"TwoLayerTrainer.Options.BatchSize is {what}: a batch needs buffers of {batchRows} x 1048576 = {batchRows << 20} values, " +
                $"more than one array holds ({Array.MaxLength}). Set BatchSize to at most {Array.MaxLength / (1 << 20)}.";
            try
            {
                new TwoLayerTrainer(new MLContext(seed: 1), options).Fit(data);
                failures.Add($"{rows} rows, BatchSize {batchSize}, {mode}: trained");
            }
            catch (ArgumentOutOfRangeException e) when (e.ParamName == "BatchSize" && e.Message.StartsWith(expected, StringComparison.Ordinal))
            {
            }
            catch (Exception e)
            {
                failures.Add($"{rows} rows, BatchSize {batchSize}, {mode}: {e.GetType().Name} '{e.Message}', expected '{expected}'");
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static void Check(List<string> failures, string optionsName, string option, string expected, Func<object> build)
    {
        try
        {
            build();
            failures.Add($"{optionsName}.{option}: accepted '{expected}'");
        }
        catch (ArgumentOutOfRangeException e)
        {
            if (e.ParamName != option || !e.Message.StartsWith(expected, StringComparison.Ordinal))
            {
                failures.Add($"{optionsName}.{option}: got ({e.ParamName}) '{e.Message}', expected '{expected}'");
            }
        }
    }
}
