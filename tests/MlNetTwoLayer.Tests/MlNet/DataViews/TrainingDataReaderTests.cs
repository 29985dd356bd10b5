using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.MlNet.DataViews;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.DataViews;

/// <summary>
/// <see cref="TrainingDataReader"/>: what one pass over the training data reports (skipped rows by
/// reason, classes from a key's count, Boolean labels, the mean weight) and when it refuses the data.
/// </summary>
public class TrainingDataReaderTests
{
    private const string Clean = " Clean the data or replace missing values (mlContext.Transforms.ReplaceMissingValues).";

    public sealed class BooleanRow
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    [Fact]
    public void EveryRowSkippedWithoutAWeightColumnCountsFeaturesAndLabels()
    {
        // One NaN feature and one missing label: 1 + 1 skipped rows (not 1 - 1 = "no rows").
        var data = HandMadeDataView.Dense(2, [[float.NaN, 1], [1, 2]], [0, float.NaN]);
        var error = Assert.Throws<ArgumentException>(() => TrainingDataReader.Read(data, "Features", "Label", null, null));
        Assert.Equal("data", error.ParamName);
        Assert.Equal("Every training row was skipped: 1 had NaN or infinite values in 'Features', 1 had a missing label in 'Label'." + Clean + " (Parameter 'data')", error.Message);
    }

    [Fact]
    public void EveryRowSkippedWithAWeightColumnAlsoCountsTheWeights()
    {
        // One NaN feature and one zero weight: 1 + 0 + 1 skipped rows (not 1 + 0 - 1 = "no rows").
        var data = HandMadeDataView.Dense(2, [[float.NaN, 1], [1, 2]], [0, 1], weights: [1, 0]);
        var error = Assert.Throws<ArgumentException>(() => TrainingDataReader.Read(data, "Features", "Label", "Weight", null, dataKind: "validation"));
        Assert.Equal("data", error.ParamName);
        Assert.Equal("Every validation row was skipped: 1 had NaN or infinite values in 'Features', 0 had a missing label in 'Label', " +
            "1 had a weight in 'Weight' that was not a positive finite number." + Clean + " (Parameter 'data')", error.Message);
    }

    [Fact]
    public void AKeyLabelHasItsKeyCountOfClassesEvenWhenALaterClassHasNoRows()
    {
        // Keys 1 and 2 only: the key's third class has no rows, and is still a class.
        var data = new HandMadeDataView(2, new KeyDataViewType(typeof(uint), 3), Enumerable.Range(0, 6).Select(i => new VBuffer<float>(2, [i, 1f])),
            Enumerable.Range(0, 6).Select(i => (object)(uint)(1 + i % 2)));
        TrainingDataReadResult read = TrainingDataReader.Read(data, "Features", "Label", null, null);
        Assert.Equal(3, read.Classes);
        Assert.Equal([3L, 3L, 0L], read.ClassCounts);
        Assert.Equal(["0", "1", "2"], read.ClassNames);
        Assert.False(read.ClassNamesFromData);
    }

    [Fact]
    public void ABooleanLabelOfOneValueIsRefusedNamingThatValue()
    {
        var ml = new MLContext(seed: 1);
        foreach (bool value in new[] { false, true })
        {
            IDataView data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 4).Select(i => new BooleanRow { Features = [i, 1], Label = value }));
            var error = Assert.Throws<ArgumentException>(() => TrainingDataReader.Read(data, "Features", "Label", null, null, labelKind: LabelKind.Boolean));
            Assert.Equal("data", error.ParamName);
            Assert.Equal($"Label column 'Label' is {(value ? "true" : "false")} on every usable row; a binary classifier needs rows of both values. (Parameter 'data')", error.Message);
        }
    }

    [Fact]
    public void ABooleanLabelsClassesAreNamedFalseAndTrue()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 5).Select(i => new BooleanRow { Features = [i, 1], Label = i % 2 == 1 }));
        TrainingDataReadResult read = TrainingDataReader.Read(data, "Features", "Label", null, null, labelKind: LabelKind.Boolean);
        Assert.Equal(["False", "True"], read.ClassNames);
        Assert.Equal([3L, 2L], read.ClassCounts);
    }

    [Fact]
    public void TheMeanWeightIsTheWeightSumOverTheUsableRowsAndDividesTheWeights()
    {
        // The third row (NaN feature) is skipped, so its weight is not in the mean: (2 + 4) / 2.
        var data = HandMadeDataView.Dense(2, [[1, 0], [0, 1], [float.NaN, 1]], [0, 1, 0], weights: [2, 4, 100]);
        TrainingDataReadResult read = TrainingDataReader.Read(data, "Features", "Label", "Weight", null);
        Assert.Equal(3.0, read.MeanWeight);
        Assert.Equal(2, read.Dataset!.Rows);
        Assert.Equal([2f / 3, 4f / 3], read.Dataset.Weights!.Take(2));
        Assert.Equal(1, read.SkippedBadFeatures);
    }
}
