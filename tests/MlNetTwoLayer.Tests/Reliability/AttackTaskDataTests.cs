using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Tests.Helpers;
using MlNetTwoLayer.Tests.MlNet.Trainer;
using Xunit;

namespace MlNetTwoLayer.Tests.Reliability;

/// <summary>
/// Issue 17's data cases run against <c>BinaryClassification.Trainers.TwoLayer</c> and
/// <c>Regression.Trainers.TwoLayer</c> (the multiclass trainer's are in <see cref="AttackDataTests"/>):
/// bad labels, a huge streaming window, an over-reported row count, cancellation while reading,
/// empty or unusable validation data, uniform tiny weights and lone-surrogate column names.
/// </summary>
public class AttackTaskDataTests
{
    public static TheoryData<TwoLayerTask> Tasks() => new() { TwoLayerTask.BinaryClassification, TwoLayerTask.Regression };

    public static TheoryData<TwoLayerTask, TrainingDataMode> TasksAndModes() => new()
    {
        { TwoLayerTask.BinaryClassification, TrainingDataMode.InMemory },
        { TwoLayerTask.BinaryClassification, TrainingDataMode.Streaming },
        { TwoLayerTask.Regression, TrainingDataMode.InMemory },
        { TwoLayerTask.Regression, TrainingDataMode.Streaming },
    };

    private static double TwoValues(int pass, long row) => row % 2;

    /// <summary>A lazy view with the label type <paramref name="task"/> takes: Boolean or Single.</summary>
    private static LazyDataView Lazy(TwoLayerTask task, long rows, int features = 4, long? reportedRows = -1, Func<long, float>? weight = null)
        => new(rows, features, TwoValues, weight: weight, reportedRows: reportedRows, booleanLabel: task == TwoLayerTask.BinaryClassification);

    private static IEstimator<TwoLayerTransformer> Trainer(TwoLayerTask task, MLContext ml, Action<TwoLayerOptionsBase>? configure = null)
    {
        if (task == TwoLayerTask.BinaryClassification)
        {
            var binary = new TwoLayerBinaryTrainer.Options { HiddenUnits = 4, NumberOfEpochs = 1, Seed = 1, NumberOfThreads = 1 };
            configure?.Invoke(binary);
            return ml.BinaryClassification.Trainers.TwoLayer(binary);
        }
        var regression = new TwoLayerRegressionTrainer.Options { HiddenUnits = 4, NumberOfEpochs = 1, Seed = 1, NumberOfThreads = 1 };
        configure?.Invoke(regression);
        return ml.Regression.Trainers.TwoLayer(regression);
    }

    private static TwoLayerTransformer Fit(TwoLayerTask task, MLContext ml, IDataView train, IDataView? validation = null, Action<TwoLayerOptionsBase>? configure = null)
    {
        var trainer = Trainer(task, ml, configure);
        return validation == null ? trainer.Fit(train)
            : task == TwoLayerTask.BinaryClassification ? ((TwoLayerBinaryTrainer)trainer).Fit(train, validation)
            : ((TwoLayerRegressionTrainer)trainer).Fit(train, validation);
    }

    public sealed class BinaryRow
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }

        public float Weight { get; set; } = 1;
    }

    public sealed class SingleLabelRow
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }

        public float Weight { get; set; } = 1;
    }

    private static IDataView Rows(MLContext ml, TwoLayerTask task, IEnumerable<(float[] Features, float Label, float Weight)> rows)
        => task == TwoLayerTask.BinaryClassification
            ? ml.Data.LoadFromEnumerable(rows.Select(r => new BinaryRow { Features = r.Features, Label = r.Label != 0, Weight = r.Weight }).ToList())
            : ml.Data.LoadFromEnumerable(rows.Select(r => new SingleLabelRow { Features = r.Features, Label = r.Label, Weight = r.Weight }).ToList());

    private static IEnumerable<(float[] Features, float Label, float Weight)> Simple(int count, float weight = 1)
        => Enumerable.Range(0, count).Select(i => (new[] { i % 7 * 0.1f, i % 2 }, (float)(i % 2), weight));

    private static int[] Bits(TwoLayerModelParameters model)
        => model.GetHiddenWeights().Cast<float>().Concat(model.GetOutputWeights().Cast<float>()).Concat(model.GetOutputBiases()).Select(BitConverter.SingleToInt32Bits).ToArray();

    // Bad labels.
    [Theory]
    [InlineData(TrainingDataMode.InMemory)]
    [InlineData(TrainingDataMode.Streaming)]
    public void NaNRegressionLabelsAreSkippedAndGiveTheModelOfTheRowsWithout(TrainingDataMode mode)
    {
        var ml = new MLContext(seed: 1);
        var clean = Simple(40).ToList();
        var withNaN = clean.Concat(Enumerable.Range(0, 10).Select(i => (new[] { 5f + i, -3f }, float.NaN, 1f))).ToList();
        void Configure(TwoLayerOptionsBase o)
        {
            o.NumberOfEpochs = 3;
            o.BatchSize = 8;
            o.DataMode = mode;
        }

        TwoLayerModelParameters expected = Fit(TwoLayerTask.Regression, ml, Rows(ml, TwoLayerTask.Regression, clean), configure: Configure).Model;
        TwoLayerModelParameters actual = Fit(TwoLayerTask.Regression, ml, Rows(ml, TwoLayerTask.Regression, withNaN), configure: Configure).Model;

        Assert.Equal(Bits(expected), Bits(actual));
        Assert.Equal(expected.LabelOffset, actual.LabelOffset);
        Assert.Equal(expected.LabelScale, actual.LabelScale);
    }

    [Theory]
    [InlineData(float.PositiveInfinity, TrainingDataMode.InMemory)]
    [InlineData(float.NegativeInfinity, TrainingDataMode.Streaming)]
    public void AnInfiniteRegressionLabelNamesTheRowAndColumn(float label, TrainingDataMode mode)
    {
        var ml = new MLContext(seed: 1);
        var rows = Simple(20).Select((r, i) => i == 5 ? (r.Features, label, r.Weight) : r);

        var ex = Assert.Throws<InvalidOperationException>(() => Fit(TwoLayerTask.Regression, ml, Rows(ml, TwoLayerTask.Regression, rows), configure: o => o.DataMode = mode));

        Assert.Contains("Row 5 of label column 'Label'", ex.Message);
        Assert.Contains("Infinity", ex.Message);
    }

    [Fact]
    public void AnInfiniteLabelInTheValidationDataNamesTheValidationData()
    {
        var ml = new MLContext(seed: 1);
        var validation = Simple(10).Select((r, i) => i == 3 ? (r.Features, float.PositiveInfinity, r.Weight) : r);

        var ex = Assert.Throws<InvalidOperationException>(() => Fit(TwoLayerTask.Regression, ml, Rows(ml, TwoLayerTask.Regression, Simple(20)), Rows(ml, TwoLayerTask.Regression, validation)));

        Assert.Contains("Row 3 of label column 'Label' of the validation data holds", ex.Message);
    }

    [Fact]
    public void ANonBooleanBinaryLabelIsRefusedAtSchemaTimeNamingTheColumn()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Rows(ml, TwoLayerTask.Regression, Simple(20)); // a Single label
        var trainer = Trainer(TwoLayerTask.BinaryClassification, ml);

        var shape = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.GetOutputSchema(ConformanceTests.SchemaShapeOf(data.Schema)));
        var fit = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(data));

        foreach (string message in new[] { shape.Message, fit.Message })
        {
            Assert.Contains("'Label'", message);
            Assert.Contains("Boolean", message);
        }
    }

    [Fact]
    public void ANonSingleRegressionLabelIsRefusedAtSchemaTimeNamingTheColumn()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Rows(ml, TwoLayerTask.BinaryClassification, Simple(20)); // a Boolean label
        var trainer = Trainer(TwoLayerTask.Regression, ml);

        var shape = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.GetOutputSchema(ConformanceTests.SchemaShapeOf(data.Schema)));
        var fit = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(data));

        foreach (string message in new[] { shape.Message, fit.Message })
        {
            Assert.Contains("'Label'", message);
            Assert.Contains("Single", message);
        }
    }

    [Theory]
    [InlineData(TrainingDataMode.InMemory)]
    [InlineData(TrainingDataMode.Streaming)]
    public void ABinaryLabelOfOneClassIsRefusedNamingTheColumn(TrainingDataMode mode)
    {
        var ml = new MLContext(seed: 1);
        var rows = Simple(20).Select(r => (r.Features, 1f, r.Weight));

        var ex = Assert.Throws<ArgumentException>(() => Fit(TwoLayerTask.BinaryClassification, ml, Rows(ml, TwoLayerTask.BinaryClassification, rows), configure: o => o.DataMode = mode));

        Assert.Contains("'Label'", ex.Message);
        Assert.Contains("true on every usable row", ex.Message);
    }

    [Fact]
    public void AConstantRegressionLabelTrainsToAModelPredictingThatValue()
    {
        var ml = new MLContext(seed: 1);
        var rows = Simple(40).Select(r => (r.Features, 1234.5f, r.Weight));

        TwoLayerTransformer model = Fit(TwoLayerTask.Regression, ml, Rows(ml, TwoLayerTask.Regression, rows), configure: o => { o.NumberOfEpochs = 30; o.BatchSize = 8; o.LearningRate = 0.01f; });

        float[] score = model.Transform(Rows(ml, TwoLayerTask.Regression, rows)).GetColumn<float>("Score").ToArray();
        Assert.Equal(1234.5, model.Model.LabelOffset, 1e-3);
        Assert.Equal(1.0, model.Model.LabelScale);
        // Scale 1 (no division by a zero deviation); the network learns label - 1234.5 = 0 from its
        // random start, so predictions are finite and near the label.
        Assert.All(score, s => Assert.InRange(s, 1234.5f - 1, 1234.5f + 1));
        Assert.InRange(score.Average(), 1234.5 - 0.2, 1234.5 + 0.2);
    }

    // A huge shuffle window is capped to the rows there.
    [Theory]
    [MemberData(nameof(Tasks))]
    public void AHugeStreamingWindowIsCappedToTheRowsThere(TwoLayerTask task)
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) { messages.Add(e.Message); } };

        TwoLayerTransformer model = Fit(task, ml, Lazy(task, 20), configure: o => { o.DataMode = TrainingDataMode.Streaming; o.StreamingShuffleWindow = int.MaxValue; o.BatchSize = 0; });

        Assert.Single(model.History!.TrainingLoss);
        Assert.Contains(messages, m => m.Contains("StreamingShuffleWindow", StringComparison.Ordinal) && m.Contains("capped to 20 rows", StringComparison.Ordinal));
    }

    // A row count is a hint.
    [Theory]
    [MemberData(nameof(TasksAndModes))]
    public void AnOverReportedRowCountDoesNotReserveMemoryForRowsThatNeverCome(TwoLayerTask task, TrainingDataMode mode)
    {
        var ml = new MLContext(seed: 1);
        var data = Lazy(task, 150, reportedRows: 1_000_000_000);
        TwoLayerTransformer warm = Fit(task, ml, Lazy(task, 150), configure: o => o.DataMode = mode); // JIT and ML.NET's one-off costs

        long before = GC.GetAllocatedBytesForCurrentThread();
        TwoLayerTransformer model = Fit(task, ml, data, configure: o => o.DataMode = mode);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(4, model.Model.InputCount);
        Assert.InRange(allocated, 0, 32L << 20); // 1e9 rows x 4 features would be 16 GB
        Assert.Equal(Bits(warm.Model), Bits(model.Model));
    }

    // Cancellation while the data is read.
    public static TheoryData<TwoLayerTask, string, TrainingDataMode, bool> ReadingPasses()
    {
        var data = new TheoryData<TwoLayerTask, string, TrainingDataMode, bool>();
        foreach (TwoLayerTask task in new[] { TwoLayerTask.BinaryClassification, TwoLayerTask.Regression })
        {
            data.Add(task, "in-memory read of the training data", TrainingDataMode.InMemory, false);
            data.Add(task, "streaming counting pass", TrainingDataMode.Streaming, false);
            data.Add(task, "read of the validation data", TrainingDataMode.InMemory, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ReadingPasses))]
    public void CancellingWhileThreeMillionRowsAreReadStopsWithinAFewRows(TwoLayerTask task, string pass, TrainingDataMode mode, bool duringValidation)
    {
        var ml = new MLContext(seed: 1);
        using var cancellation = new CancellationTokenSource();
        LazyDataView big = Lazy(task, 3_000_000);
        big.OnRow = row =>
        {
            if (row == 10_000)
            {
                cancellation.Cancel();
            }
        };
        LazyDataView small = Lazy(task, 40);

        Assert.Throws<OperationCanceledException>(() => Fit(task, ml, duringValidation ? small : big, duringValidation ? big : null,
            o => { o.DataMode = mode; o.CancellationToken = cancellation.Token; }));

        Assert.True(big.RowsServed <= 10_001 + 1024, $"{task}, {pass}: {big.RowsServed} rows were read after cancelling at row 10,000.");
    }

    // Validation data that is empty or has no usable row is called validation data.
    [Theory]
    [MemberData(nameof(Tasks))]
    public void EmptyOrUnusableValidationDataIsCalledValidationData(TwoLayerTask task)
    {
        var ml = new MLContext(seed: 1);
        IDataView train = Rows(ml, task, Simple(10));

        var empty = Assert.Throws<ArgumentException>(() => Fit(task, ml, train, Rows(ml, task, [])));
        Assert.Contains("The validation data has no rows", empty.Message);

        var allNaN = Assert.Throws<ArgumentException>(() => Fit(task, ml, train, Rows(ml, task, [([float.NaN, 0f], 1f, 1f), ([0f, float.NaN], 0f, 1f)])));
        Assert.Contains("Every validation row was skipped", allNaN.Message);
        Assert.Contains("'Features'", allNaN.Message);
    }

    [Fact]
    public void RegressionValidationDataWithOnlyNaNLabelsIsCalledValidationData()
    {
        var ml = new MLContext(seed: 1);

        var ex = Assert.Throws<ArgumentException>(() => Fit(TwoLayerTask.Regression, ml, Rows(ml, TwoLayerTask.Regression, Simple(10)),
            Rows(ml, TwoLayerTask.Regression, Simple(5).Select(r => (r.Features, float.NaN, r.Weight)))));

        Assert.Contains("Every validation row was skipped", ex.Message);
        Assert.Contains("'Label'", ex.Message);
    }

    // A uniform example weight does not change the fit, whatever its scale.
    [Theory]
    [MemberData(nameof(TasksAndModes))]
    public void AUniformExampleWeightGivesTheSameModelWhateverItsScale(TwoLayerTask task, TrainingDataMode mode)
    {
        int[] FitWith(float weight)
        {
            var ml = new MLContext(seed: 1);
            TwoLayerTransformer model = Fit(task, ml, Rows(ml, task, Simple(40, weight)),
                configure: o => { o.NumberOfEpochs = 5; o.BatchSize = 8; o.ExampleWeightColumnName = "Weight"; o.DataMode = mode; });
            if (task == TwoLayerTask.Regression)
            {
                Assert.Equal(0.5, model.Model.LabelOffset, 1e-6); // the weighted mean of 0/1 labels, whatever the weight
            }
            return Bits(model.Model);
        }

        int[] reference = FitWith(1f);
        Assert.Equal(reference, FitWith(1e-44f)); // a denormal
        Assert.Equal(reference, FitWith(1e-38f));
        Assert.Equal(reference, FitWith(3e38f));
    }

    // Lone surrogates in the feature column name are refused before a model could save under a name that loads differently.
    [Fact]
    public void AFeatureColumnNameWithALoneSurrogateIsRefusedByBothTrainersAndTheirTransformer()
    {
        var ml = new MLContext(seed: 1);
        var binary = Assert.Throws<ArgumentOutOfRangeException>(() => ml.BinaryClassification.Trainers.TwoLayer(new TwoLayerBinaryTrainer.Options { FeatureColumnName = "F\ud800" }));
        var regression = Assert.Throws<ArgumentOutOfRangeException>(() => ml.Regression.Trainers.TwoLayer(new TwoLayerRegressionTrainer.Options { FeatureColumnName = "F\udc00" }));

        Assert.Equal("FeatureColumnName", binary.ParamName);
        Assert.Contains("TwoLayerBinaryTrainer.Options.FeatureColumnName", binary.Message);
        Assert.Contains("lone surrogate at index 1", binary.Message);
        Assert.Equal("FeatureColumnName", regression.ParamName);
        Assert.Contains("TwoLayerRegressionTrainer.Options.FeatureColumnName", regression.Message);
        Assert.Contains("lone surrogate at index 1", regression.Message);

        TwoLayerModelParameters trained = Fit(TwoLayerTask.Regression, ml, Rows(ml, TwoLayerTask.Regression, Simple(10))).Model;
        var transformer = Assert.Throws<ArgumentOutOfRangeException>(() => new TwoLayerTransformer(ml, trained, "x\ud800"));
        Assert.Equal("featureColumnName", transformer.ParamName);
        Assert.Contains("lone surrogate (U+D800) at index 1", transformer.Message);
    }

    [Fact]
    public void AFeatureColumnNameOutsideTheBasicPlaneTrainsSavesAndLoadsForBothTasks()
    {
        var ml = new MLContext(seed: 1);
        foreach (TwoLayerTask task in new[] { TwoLayerTask.BinaryClassification, TwoLayerTask.Regression })
        {
            const string Name = "F🌸";
            IDataView data = ml.Transforms.CopyColumns(Name, "Features").Fit(Rows(ml, task, Simple(20))).Transform(Rows(ml, task, Simple(20)));
            TwoLayerTransformer model = Fit(task, ml, data, configure: o => o.FeatureColumnName = Name);
            using var stream = new MemoryStream();
            ml.Model.Save(model, data.Schema, stream);
            stream.Position = 0;
            ITransformer loaded = ml.Model.Load(stream, out _);

            Assert.Equal(model.Transform(data).GetColumn<float>("Score").ToArray(), loaded.Transform(data).GetColumn<float>("Score").ToArray());
        }
    }
}
