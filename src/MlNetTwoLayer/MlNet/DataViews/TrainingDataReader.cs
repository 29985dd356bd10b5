using Microsoft.ML;
using MlNetTwoLayer.Engine.Data;

namespace MlNetTwoLayer.MlNet.DataViews;

/// <summary>What a pass over the training data found.</summary>
/// <param name="Dataset">The usable rows, dense or sparse by their density; null for a counting pass (streaming).</param>
/// <param name="ClassNames">One name per class.</param>
/// <param name="ClassCounts">Usable rows of each class.</param>
/// <param name="Inputs">Features per row.</param>
/// <param name="NonZeros">Non-zero feature values over the usable rows.</param>
/// <param name="SkippedBadFeatures">Rows skipped for a NaN or infinite feature.</param>
/// <param name="SkippedMissingLabel">Rows skipped for a missing label (key 0 or NaN).</param>
/// <param name="SkippedBadWeight">Rows skipped for a weight that is NaN, infinite, zero or negative.</param>
internal sealed record TrainingDataReadResult(Dataset? Dataset, string[] ClassNames, long[] ClassCounts, int Inputs, long NonZeros,
    long SkippedBadFeatures, long SkippedMissingLabel, long SkippedBadWeight)
{
    /// <summary>Classes.</summary>
    public int Classes => ClassNames.Length;

    /// <summary>Usable rows.</summary>
    public long Rows => ClassCounts.Sum();

    /// <summary>All skipped rows.</summary>
    public long Skipped => SkippedBadFeatures + SkippedMissingLabel + SkippedBadWeight;

    /// <summary>Non-zeros per slot over the usable rows.</summary>
    public double Density => Rows == 0 ? 1 : NonZeros / ((double)Rows * Inputs);
}

/// <summary>
/// One pass over an <see cref="IDataView"/>: either into the in-memory data set every epoch trains
/// from (dense, or compressed sparse rows when the features are mostly zeros), or only counting
/// classes, non-zeros and skipped rows (before streaming).
/// </summary>
internal static class TrainingDataReader
{
    /// <summary>
    /// Reads <paramref name="data"/>. <paramref name="requiredClassCount"/>, when given (training
    /// from an initial model, or validation data), fixes the class count.
    /// </summary>
    public static TrainingDataReadResult Read(IDataView data, string featureColumn, string labelColumn, string? weightColumn, int? requiredClassCount, bool keepRows = true)
    {
        using var stream = new DataViewRowStream(data, featureColumn, labelColumn, weightColumn);
        int inputs = stream.Inputs;
        DatasetBuilder? buffer = keepRows ? new DatasetBuilder(inputs, weightColumn != null, data.GetRowCount()) : null;
        var row = new SparseRow();
        var counts = new List<long>();
        long nonZeros = 0;
        stream.Restart();
        // Rows are read as their non-zeros: a sparse column (text, one-hot) is never densified, and
        // the builder keeps a dense column dense once the first rows show it is.
        while (stream.NextSparse(row, out int rowLabel, out float weight))
        {
            buffer?.Add(row, rowLabel, weight);
            nonZeros += row.Count;
            while (counts.Count <= rowLabel)
            {
                counts.Add(0);
            }
            counts[rowLabel]++;
        }

        long usable = counts.Sum();
        if (usable == 0)
        {
            long skipped = stream.SkippedBadFeatures + stream.SkippedMissingLabel + stream.SkippedBadWeight;
            throw new ArgumentException(skipped == 0
                ? "The training data has no rows."
                : $"Every training row was skipped: {stream.SkippedBadFeatures} had NaN or infinite values in '{featureColumn}', {stream.SkippedMissingLabel} had a missing label in '{labelColumn}'" +
                  (weightColumn == null ? "." : $", {stream.SkippedBadWeight} had a weight in '{weightColumn}' that was not a positive finite number.") +
                  " Clean the data or replace missing values (mlContext.Transforms.ReplaceMissingValues).", nameof(data));
        }

        LabelColumnInfo label = stream.Label;
        int classes = label.IsKey ? label.KeyCount : Math.Max(counts.Count, requiredClassCount ?? 0);
        if (requiredClassCount is int required && classes != required)
        {
            throw new ArgumentException($"The model being trained predicts {required} classes, but label column '{labelColumn}' of this data has {classes}. Use data with the same classes.", nameof(data));
        }
        if (classes < 2)
        {
            throw new ArgumentException($"Label column '{labelColumn}' has only one class; a classifier needs at least two.", nameof(data));
        }
        while (counts.Count < classes)
        {
            counts.Add(0);
        }
        string[] names = label.ClassNames ?? DatasetOperations.DefaultClassNames(classes);
        return new TrainingDataReadResult(buffer?.ToDataset(classes), names, counts.ToArray(), inputs, nonZeros,
            stream.SkippedBadFeatures, stream.SkippedMissingLabel, stream.SkippedBadWeight);
    }
}
