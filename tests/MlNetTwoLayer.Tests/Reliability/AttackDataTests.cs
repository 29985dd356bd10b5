using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.MlNet.DataViews;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.Reliability;

/// <summary>
/// Issue 17: the data and option cases an outside attack broke (sizes, labels, row counts, key order,
/// cancellation, weights, messages), each failing before its fix.
/// </summary>
public class AttackDataTests
{
    private static double TwoClasses(int pass, long row) => row % 2;

    private static TwoLayerTrainer.Options Small(Action<TwoLayerTrainer.Options>? configure = null)
    {
        var options = new TwoLayerTrainer.Options { EnsembleSize = 1, HiddenUnits = 4, NumberOfEpochs = 1, Seed = 1, NumberOfThreads = 1 };
        configure?.Invoke(options);
        return options;
    }

    // 1. A huge shuffle window, or very wide features with the default window, is capped to the rows
    //    the counting pass found and to a memory budget (it used to throw OverflowException or take GiBs).
    [Fact]
    public void AHugeStreamingWindowIsCappedToTheRowsThere()
    {
        var ml = new MLContext(seed: 1);
        var messages = new List<string>();
        ml.Log += (_, e) => { lock (messages) { messages.Add(e.Message); } };
        var data = new LazyDataView(20, 4, TwoClasses);
        var options = Small(o => { o.DataMode = TrainingDataMode.Streaming; o.StreamingShuffleWindow = int.MaxValue; o.BatchSize = 0; });

        TwoLayerTransformer model = new TwoLayerTrainer(ml, options).Fit(data);

        Assert.Single(model.History!.TrainingLoss);
        Assert.Contains(messages, m => m.Contains("StreamingShuffleWindow", StringComparison.Ordinal) && m.Contains("capped to 20 rows", StringComparison.Ordinal));
    }

    [Fact]
    public void WideStreamedFeaturesWithTheDefaultWindowAllocateForTheRowsThere()
    {
        var ml = new MLContext(seed: 1);
        var data = new LazyDataView(20, 1 << 16, TwoClasses);
        var options = Small(o => { o.DataMode = TrainingDataMode.Streaming; o.HiddenUnits = 2; });

        long before = GC.GetAllocatedBytesForCurrentThread();
        TwoLayerTransformer model = new TwoLayerTrainer(ml, options).Fit(data);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1 << 16, model.Model.InputCount);
        // The window of 20 rows x 65,536 features is 5 MiB; the default window of 10,000 rows was 2.5 GiB.
        Assert.InRange(allocated, 0, 64L << 20);
        Assert.Equal(20, StreamingBatchSourceWindow(10_000, rows: 20, inputs: 1 << 16));
        Assert.Equal((int)(global::MlNetTwoLayer.Engine.Training.StreamingBatchSource.MaxWindowValues >> 18), StreamingBatchSourceWindow(10_000, rows: 1_000_000, inputs: 1 << 18));
    }

    private static int StreamingBatchSourceWindow(int requested, long rows, int inputs) => global::MlNetTwoLayer.Engine.Training.StreamingBatchSource.EffectiveWindow(requested, rows, inputs);

    // 2. Sizes that cannot be held are refused naming the option and the size it would need.
    [Fact]
    public void TooManyHiddenUnitsIsRefusedWhenTheTrainerIsBuilt()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new TwoLayerTrainer(new MLContext(), Small(o => o.HiddenUnits = 200_000_000)));
        Assert.Equal("HiddenUnits", ex.ParamName);
        Assert.Contains("HiddenUnits", ex.Message);
        Assert.Contains("1048576", ex.Message);
    }

    [Fact]
    public void AFullBatchTooLargeForOneArrayNamesBatchSizeAndTheLargestThatWorks()
    {
        var ml = new MLContext(seed: 1);
        var data = new LazyDataView(2100, 1, TwoClasses);
        var trainer = new TwoLayerTrainer(ml, Small(o => { o.BatchSize = 0; o.HiddenUnits = 1 << 20; }));

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(data));

        Assert.Equal("BatchSize", ex.ParamName);
        Assert.Contains("whole data set of 2100 rows", ex.Message);
        Assert.Contains("at most 2047", ex.Message);
    }

    [Fact]
    public void ANetworkTooLargeForOneArrayNamesHiddenUnitsAndTheLargestThatWorks()
    {
        var ml = new MLContext(seed: 1);
        var data = new LazyDataView(4, 10_000, TwoClasses);
        var trainer = new TwoLayerTrainer(ml, Small(o => o.HiddenUnits = 1 << 20));

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(data));

        Assert.Equal("HiddenUnits", ex.ParamName);
        Assert.Contains("10000 features", ex.Message);
        Assert.Contains($"at most {(Array.MaxLength - 2) / 10_003} hidden units", ex.Message);
    }

    [Fact]
    public void TooManyThreadsIsRefusedWhenTheTrainerIsBuilt()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new TwoLayerTrainer(new MLContext(), Small(o => o.NumberOfThreads = int.MaxValue)));
        Assert.Equal("NumberOfThreads", ex.ParamName);
        Assert.Contains("between 1 and 1024", ex.Message);
    }

    [Fact]
    public void MoreRowsTimesFeaturesThanOneArrayHoldsNamesStreamingAsTheWayOut()
    {
        // The real limit is Array.MaxLength values (8 GiB of float32); the same check with a 40-value limit.
        var rows = new global::MlNetTwoLayer.Engine.Data.GrowableRows(4, weighted: false, expectedRows: null, maxValues: 40);
        for (int i = 0; i < 10; i++)
        {
            rows.Add([1, 2, 3, 4], 0, 1);
        }

        var ex = Assert.Throws<InvalidOperationException>(() => rows.Add([1, 2, 3, 4], 0, 1));

        Assert.Contains("more than 10 rows of 4 features", ex.Message);
        Assert.Contains("DataMode", ex.Message);
    }

    // 3. Labels the first pass never saw, or keys above their count, are errors naming the row and column.
    [Fact]
    public void AStreamedClassTheCountingPassNeverSawNamesTheRowAndColumn()
    {
        var ml = new MLContext(seed: 1);
        var data = new LazyDataView(30, 3, (pass, row) => pass > 0 && row == 7 ? 5 : row % 2);
        var trainer = new TwoLayerTrainer(ml, Small(o => o.DataMode = TrainingDataMode.Streaming));

        var ex = Assert.Throws<InvalidOperationException>(() => trainer.Fit(data));

        Assert.Contains("Row 7 of label column 'Label'", ex.Message);
        Assert.Contains("changed between passes", ex.Message);
    }

    [Theory]
    [InlineData(TrainingDataMode.InMemory)]
    [InlineData(TrainingDataMode.Streaming)]
    public void AKeyAboveItsCountNamesTheRowAndColumn(TrainingDataMode mode)
    {
        var ml = new MLContext(seed: 1);
        var data = new LazyDataView(30, 3, (_, row) => row == 4 ? 7 : 1 + row % 3, keyCount: 3);
        var trainer = new TwoLayerTrainer(ml, Small(o => o.DataMode = mode));

        var ex = Assert.Throws<InvalidOperationException>(() => trainer.Fit(data));

        Assert.Contains("Row 4 of label column 'Label' holds key 7", ex.Message);
        Assert.Contains("3 values", ex.Message);
    }

    // 4. A row count is a hint: a view claiming 1e9 rows for 150 does not make the reader reserve GiBs.
    [Fact]
    public void AnOverReportedRowCountDoesNotReserveMemoryForRowsThatNeverCome()
    {
        var data = new LazyDataView(150, 4, TwoClasses, reportedRows: 1_000_000_000);

        long before = GC.GetAllocatedBytesForCurrentThread();
        TrainingDataReadResult read = TrainingDataReader.Read(data, "Features", "Label", null, null);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(150, read.Rows);
        Assert.InRange(allocated, 0, 32L << 20); // 1e9 x 4 features was 16 GB reserved

        var ml = new MLContext(seed: 1);
        Assert.Equal(4, new TwoLayerTrainer(ml, Small()).Fit(data).Model.InputCount);
    }

    // 5. Validation labels are matched to training labels by key value, not key index.
    [Fact]
    public void ValidationKeysInAnotherOrderAreMatchedByValue()
    {
        var ml = new MLContext(seed: 1);
        List<IrisData.Flower> rows = IrisData.Rows();
        IDataView train = ml.Data.LoadFromEnumerable(rows);
        IDataView reversed = ml.Data.LoadFromEnumerable(Enumerable.Reverse(rows).ToList());
        IEstimator<ITransformer> featurize = IrisData.Featurize(ml);
        ITransformer trainFeaturizer = featurize.Fit(train);
        IDataView trainFeatures = trainFeaturizer.Transform(train);
        // Fitted separately, the validation key numbers the species in the other order.
        IDataView validationOtherOrder = ml.Transforms.Conversion.MapValueToKey("Label", nameof(IrisData.Flower.Species)).Fit(reversed)
            .Transform(trainFeaturizer.Transform(reversed));
        IDataView validationSameOrder = trainFeaturizer.Transform(reversed);
        Assert.NotEqual(KeyValues(validationSameOrder), KeyValues(validationOtherOrder));
        var options = new TwoLayerTrainer.Options { EnsembleSize = 1, HiddenUnits = 8, NumberOfEpochs = 20, LearningRate = 0.05f, Seed = 3, NumberOfThreads = 1 };

        TwoLayerTransformer expected = new TwoLayerTrainer(ml, options).Fit(trainFeatures, validationSameOrder);
        TwoLayerTransformer actual = new TwoLayerTrainer(ml, options).Fit(trainFeatures, validationOtherOrder);

        Assert.True(expected.History!.ValidationAccuracy[^1] > 0.8);
        Assert.Equal(expected.History.ValidationAccuracy, actual.History!.ValidationAccuracy);
        Assert.Equal(expected.History.ValidationLoss, actual.History.ValidationLoss);
    }

    [Fact]
    public void ValidationKeysWithOtherValuesAreRefusedNamingTheValue()
    {
        var ml = new MLContext(seed: 1);
        var train = new LazyDataView(30, 3, (_, row) => 1 + row % 3, keyCount: 3, keyValues: ["a", "b", "c"]);
        var validation = new LazyDataView(30, 3, (_, row) => 1 + row % 3, keyCount: 3, keyValues: ["a", "b", "x"]);

        var ex = Assert.Throws<ArgumentException>(() => new TwoLayerTrainer(ml, Small()).Fit(train, validation));

        Assert.Equal("validationData", ex.ParamName);
        Assert.Contains("Label column 'Label' of the validation data", ex.Message);
        Assert.Contains("'x'", ex.Message);
    }

    private static string[] KeyValues(IDataView data)
    {
        VBuffer<ReadOnlyMemory<char>> values = default;
        data.Schema["Label"].GetKeyValues(ref values);
        return values.DenseValues().Select(v => v.ToString()).ToArray();
    }

    // 9. Cancellation is honoured while the data is read, not only between mini-batches.
    public static TheoryData<string, TrainingDataMode, bool> ReadingPasses() => new()
    {
        { "in-memory read of the training data", TrainingDataMode.InMemory, false },
        { "streaming counting pass", TrainingDataMode.Streaming, false },
        { "read of the validation data", TrainingDataMode.InMemory, true },
    };

    [Theory]
    [MemberData(nameof(ReadingPasses))]
    public void CancellingWhileThreeMillionRowsAreReadStopsWithinAFewRows(string pass, TrainingDataMode mode, bool duringValidation)
    {
        var ml = new MLContext(seed: 1);
        using var cancellation = new CancellationTokenSource();
        var big = new LazyDataView(3_000_000, 4, TwoClasses);
        big.OnRow = row =>
        {
            if (row == 10_000)
            {
                cancellation.Cancel();
            }
        };
        var small = new LazyDataView(40, 4, TwoClasses);
        var trainer = new TwoLayerTrainer(ml, Small(o => { o.DataMode = mode; o.CancellationToken = cancellation.Token; }));

        Assert.Throws<OperationCanceledException>(() => duringValidation ? trainer.Fit(small, big) : trainer.Fit(big));

        // Checked every 1024 rows: the rest of the 3 M rows are never asked for.
        Assert.True(big.RowsServed <= 10_001 + 1024, $"{pass}: {big.RowsServed} rows were read after cancelling at row 10,000.");
    }

    // 11. Messages say which data they mean, and the weights' scale does not matter.
    public sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }

        public float Weight { get; set; } = 1;
    }

    [Fact]
    public void EmptyOrUnusableValidationDataIsCalledValidationData()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 10).Select(i => new Row { Features = [i, 1], Label = i % 2 }).ToList());
        var trainer = new TwoLayerTrainer(ml, Small());

        var empty = Assert.Throws<ArgumentException>(() => trainer.Fit(train, ml.Data.LoadFromEnumerable(new List<Row>())));
        Assert.Contains("The validation data has no rows", empty.Message);

        var allNaN = Assert.Throws<ArgumentException>(() => trainer.Fit(train, ml.Data.LoadFromEnumerable(new[] { new Row { Features = [float.NaN, 0] } })));
        Assert.Contains("Every validation row was skipped", allNaN.Message);
        Assert.Contains("'Features'", allNaN.Message);
    }

    [Theory]
    [InlineData(TrainingDataMode.InMemory)]
    [InlineData(TrainingDataMode.Streaming)]
    public void AUniformExampleWeightGivesTheSameModelWhateverItsScale(TrainingDataMode mode)
    {
        int[] Fit(float weight)
        {
            var ml = new MLContext(seed: 1);
            IDataView data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 40).Select(i => new Row { Features = [i % 7 * 0.1f, i % 2], Label = i % 2, Weight = weight }).ToList());
            var options = Small(o => { o.NumberOfEpochs = 5; o.BatchSize = 8; o.ExampleWeightColumnName = "Weight"; o.DataMode = mode; });
            TwoLayerModelParameters model = new TwoLayerTrainer(ml, options).Fit(data).Model;
            return model.GetHiddenWeights().Cast<float>().Concat(model.GetOutputWeights().Cast<float>()).Select(BitConverter.SingleToInt32Bits).ToArray();
        }

        int[] reference = Fit(1f);
        Assert.Equal(reference, Fit(1e-44f)); // a denormal: 1 / Σw used to overflow and "diverge"
        Assert.Equal(reference, Fit(1e-38f));
        Assert.Equal(reference, Fit(3e38f));
    }
}
