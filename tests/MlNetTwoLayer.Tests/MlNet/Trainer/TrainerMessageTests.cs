using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary>
/// The messages of the checks a fit makes against its data, asserted in full: they are what a user reads
/// to fix the call (class weights, an initial model, validation data, skipped rows, the weight arrays of a
/// hand-built model).
/// </summary>
public class TrainerMessageTests
{
    private static TwoLayerTrainer.Options Quick() => new() { HiddenUnits = OptionEffectData.Hidden, NumberOfEpochs = 1, Seed = 3, NumberOfThreads = 1 };

    private sealed class BinaryRow
    {
        [VectorType(OptionEffectData.Inputs)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private sealed class WideRow
    {
        [VectorType(OptionEffectData.Inputs + 1)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    [Fact]
    public void ClassWeightsOfTheWrongCountSayHowManyClassesThereAre()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = OptionEffectData.Load(ml, OptionEffectData.Make());
        var options = Quick();
        options.ClassWeights = [1, 2];
        var multiclass = Assert.Throws<ArgumentOutOfRangeException>(() => new TwoLayerTrainer(ml, options).Fit(data));
        Assert.Equal("ClassWeights", multiclass.ParamName);
        Assert.StartsWith("TwoLayerTrainer.Options.ClassWeights has 2 weights, but label column 'Label' has 3 classes. (", multiclass.Message);

        IDataView binary = ml.Data.LoadFromEnumerable(OptionEffectData.Make().Select(r => new BinaryRow { Features = r.Features, Label = r.Label > 0 }));
        var binaryError = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new TwoLayerBinaryTrainer(ml, new TwoLayerBinaryTrainer.Options { NumberOfEpochs = 1, ClassWeights = [1, 2, 3] }).Fit(binary));
        Assert.StartsWith("TwoLayerBinaryTrainer.Options.ClassWeights has 3 weights, but label column 'Label' has 2 classes (false, true).", binaryError.Message);
    }

    [Fact]
    public void AnInitialModelThatDoesNotFitSaysWhichPartDoesNot()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = OptionEffectData.Load(ml, OptionEffectData.Make());
        TwoLayerModelParameters initial = OptionEffectData.InitialModel(); // 4 inputs, 5 hidden units, ReLU

        var hidden = Quick();
        hidden.HiddenUnits = 4;
        Assert.StartsWith("The initial model has 4 inputs and 5 hidden units, but the data has 4 features and Options.HiddenUnits is 4. They must match.",
            Assert.Throws<ArgumentException>(() => new TwoLayerTrainer(ml, hidden).Fit(data, initial)).Message);

        var ensemble = Quick();
        ensemble.HiddenUnits = 2;
        ensemble.EnsembleSize = 2;
        Assert.StartsWith("The initial model has 4 inputs and 5 hidden units, but the data has 4 features and Options.HiddenUnits 2 times Options.EnsembleSize 2 is 4. They must match.",
            Assert.Throws<ArgumentException>(() => new TwoLayerTrainer(ml, ensemble).Fit(data, initial)).Message);

        var activation = Quick();
        activation.HiddenActivation = HiddenActivation.Tanh;
        var error = Assert.Throws<ArgumentException>(() => new TwoLayerTrainer(ml, activation).Fit(data, initial));
        Assert.Equal("initialModel", error.ParamName);
        Assert.StartsWith("The initial model uses Relu but Options.HiddenActivation is Tanh.", error.Message);
    }

    [Fact]
    public void ValidationDataWithOtherFeaturesIsRefusedAndARegressionValidatesOnItsOwnLabels()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = OptionEffectData.Load(ml, OptionEffectData.Make());
        IDataView wide = ml.Data.LoadFromEnumerable(OptionEffectData.Make(12, seed: 8).Select(r => new WideRow { Features = [.. r.Features, 0], Label = r.Label }));
        var error = Assert.Throws<ArgumentException>(() => new TwoLayerTrainer(ml, Quick()).Fit(data, wide));
        Assert.Equal("validationData", error.ParamName);
        Assert.StartsWith("The validation data has 5 features in 'Features' but the training data has 4.", error.Message);

        // Regression labels are not classes: validation data with other label values trains and is measured.
        IDataView validation = ml.Data.LoadFromEnumerable(OptionEffectData.Make(12, seed: 8).Select(r => new OptionEffectData.Row { Features = r.Features, Label = 0.5f + r.Label * 3 }));
        TwoLayerTransformer model = new TwoLayerRegressionTrainer(ml, new TwoLayerRegressionTrainer.Options { HiddenUnits = 3, NumberOfEpochs = 2, Seed = 1, NumberOfThreads = 1 })
            .Fit(data, validation);
        Assert.Equal(2, model.History!.ValidationLoss.Count);
    }

    [Fact]
    public void SkippedRowsAreCountedByReasonWithAndWithoutAWeightColumn()
    {
        var ml = new MLContext(seed: 1);
        var warnings = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Warning && e.Message.Contains("Skipped", StringComparison.Ordinal))
            {
                lock (warnings)
                {
                    warnings.Add(e.Message[(e.Message.IndexOf("] ", StringComparison.Ordinal) + 2)..]);
                }
            }
        };
        List<OptionEffectData.Row> rows = OptionEffectData.Make();
        rows[0].Features[1] = float.NaN;
        rows[1].Label = float.NaN;
        rows[2].Weight = 0;
        IDataView data = OptionEffectData.Load(ml, rows);
        new TwoLayerTrainer(ml, Quick()).Fit(data);
        var weighted = Quick();
        weighted.ExampleWeightColumnName = "Weight";
        new TwoLayerTrainer(ml, weighted).Fit(data);
        Assert.Equal(
        [
            "Skipped 2 of 30 rows: 1 with NaN or infinite values in 'Features', 1 with a missing label in 'Label'.",
            "Skipped 3 of 30 rows: 1 with NaN or infinite values in 'Features', 1 with a missing label in 'Label', 1 with a weight in 'Weight' that is not a positive finite number.",
        ], warnings);
    }

    [Fact]
    public void ANetworkTooLargeForOneArraySaysHowManyWeightsItNeeds()
    {
        var options = Quick();
        options.HiddenUnits = 1 << 20;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TwoLayerTrainer(new MLContext(seed: 1), options).Fit(new Helpers.LazyDataView(4, 10_000, (_, row) => row % 2)));
        long hidden = 1 << 20;
        Assert.StartsWith($"TwoLayerTrainer.Options.HiddenUnits is {hidden}: with 10000 features and 2 outputs the network would need {10_000 * hidden + hidden + 2 * hidden + 2} weights, " +
            $"more than one array holds ({Array.MaxLength}). Use at most {(Array.MaxLength - 2L) / 10_003} hidden units in all, or fewer features.", error.Message);
    }

    [Fact]
    public void TheLargestHiddenLayerThatFitsIsRoundedDown()
    {
        // (Array.MaxLength - 2) / 14,101 is 152,292.99...: the largest layer that fits has 152,292 units.
        var options = Quick();
        options.HiddenUnits = 1 << 20;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TwoLayerTrainer(new MLContext(seed: 1), options).Fit(new Helpers.LazyDataView(4, 14_098, (_, row) => row % 2)));
        Assert.EndsWith("Use at most 152292 hidden units in all, or fewer features. (Parameter 'HiddenUnits')" + Environment.NewLine + $"Actual value was {1 << 20}.", error.Message);
    }

    [Fact]
    public void ARegressionWithValidationDataLogsTheValidationLossWithoutAnAccuracy()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) { messages.Add(e.Message); } };
        IDataView data = OptionEffectData.Load(ml, OptionEffectData.Make());
        new TwoLayerRegressionTrainer(ml, new TwoLayerRegressionTrainer.Options { HiddenUnits = 3, NumberOfEpochs = 1, Seed = 1, NumberOfThreads = 1 }).Fit(data, data);
        string epoch = Assert.Single(messages, m => m.Contains("Epoch 1/1", StringComparison.Ordinal));
        Assert.Matches(@"\] Epoch 1/1: training loss [0-9.e-]+, validation loss [0-9.e-]+, learning rate [0-9.e-]+ \(\d+\.\d\ds\)$", epoch);
    }

    [Fact]
    public void AStreamingWindowThatFitsIsNotReportedAsCapped()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) { messages.Add(e.Message); } };
        var options = Quick();
        options.DataMode = TrainingDataMode.Streaming;
        options.StreamingShuffleWindow = OptionEffectData.Rows; // exactly the rows there are
        new TwoLayerTrainer(ml, options).Fit(OptionEffectData.Load(ml, OptionEffectData.Make()));
        Assert.Contains(messages, m => m.Contains("Training a 4-5-3 network", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains("is capped", StringComparison.Ordinal));
    }

    [Fact]
    public void TheArrayConstructorRefusesEachBadArrayByNameAndSaysWhy()
    {
        Assert.Equal("hiddenBiases", Assert.Throws<ArgumentNullException>(() => new TwoLayerModelParameters(new float[1, 1], null!, new float[1, 2], [0, 0])).ParamName);
        Assert.Equal("outputWeights", Assert.Throws<ArgumentNullException>(() => new TwoLayerModelParameters(new float[1, 1], [0], null!, [0, 0])).ParamName);
        Assert.Equal("outputBiases", Assert.Throws<ArgumentNullException>(() => new TwoLayerModelParameters(new float[1, 1], [0], new float[1, 2], null!)).ParamName);
        foreach (var (w1, w2, b1, b2, text) in new (float[,], float[,], float[], float[], string)[]
        {
            (new float[0, 1], new float[1, 2], [0], [0, 0], "hiddenWeights is 0 x 1 and outputWeights has 2 columns; every dimension must be at least 1."),
            (new float[1, 0], new float[0, 2], [], [0, 0], "hiddenWeights is 1 x 0 and outputWeights has 2 columns; every dimension must be at least 1."),
            (new float[1, 1], new float[1, 0], [0], [], "hiddenWeights is 1 x 1 and outputWeights has 0 columns; every dimension must be at least 1."),
        })
        {
            var error = Assert.Throws<ArgumentException>(() => new TwoLayerModelParameters(w1, b1, w2, b2));
            Assert.Equal("hiddenWeights", error.ParamName);
            Assert.StartsWith(text, error.Message);
        }
        Assert.StartsWith("hiddenBiases has 2 values but hiddenWeights has 1 columns (hidden units).",
            Assert.Throws<ArgumentException>(() => new TwoLayerModelParameters(new float[1, 1], [0, 0], new float[1, 2], [0, 0])).Message);
        var rows = Assert.Throws<ArgumentException>(() => new TwoLayerModelParameters(new float[1, 1], [0], new float[2, 2], [0, 0]));
        Assert.Equal("outputWeights", rows.ParamName);
        Assert.StartsWith("outputWeights has 2 rows but there are 1 hidden units.", rows.Message);
        Assert.StartsWith("outputBiases has 1 values but outputWeights has 2 columns (classes).",
            Assert.Throws<ArgumentException>(() => new TwoLayerModelParameters(new float[1, 1], [0], new float[1, 2], [0])).Message);
        var notFinite = Assert.Throws<ArgumentException>(() => new TwoLayerModelParameters(new float[1, 1] { { float.NaN } }, [0], new float[1, 2], [0, 0]));
        Assert.Equal("hiddenWeights", notFinite.ParamName);
        Assert.StartsWith("Every weight and bias must be a finite number.", notFinite.Message);

        // The class names and activation of the public constructor.
        var count = Assert.Throws<ArgumentException>(() => new TwoLayerModelParameters(new float[1, 1], [0], new float[1, 2], [0, 0], ["a", "b", "c"], HiddenActivation.Relu));
        Assert.Equal("classNames", count.ParamName);
        Assert.StartsWith("There are 3 class names for 2 classes.", count.Message);
        var unnamed = Assert.Throws<ArgumentException>(() => new TwoLayerModelParameters(new float[1, 1], [0], new float[1, 2], [0, 0], ["a", null!], HiddenActivation.Relu));
        Assert.Equal("classNames", unnamed.ParamName);
        Assert.StartsWith("Class name 1 is null.", unnamed.Message);
        var activation = Assert.Throws<ArgumentOutOfRangeException>(() => new TwoLayerModelParameters(new float[1, 1], [0], new float[1, 2], [0, 0], null, (HiddenActivation)99));
        Assert.Equal("activation", activation.ParamName);
        Assert.StartsWith("Unknown hidden activation.", activation.Message);
    }
}
