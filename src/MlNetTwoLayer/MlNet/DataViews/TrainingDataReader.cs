using Microsoft.ML;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Persistence;
using MlNetTwoLayer.Engine.Network;

namespace MlNetTwoLayer.MlNet.DataViews;

/// <summary>What a pass over the training data found.</summary>
/// <param name="Dataset">The usable rows, dense; null for a counting pass (streaming).</param>
/// <param name="ClassNames">One name per class (canonical text of the label's key values, of the type <see cref="ClassLabelKind"/> names).</param>
/// <param name="LabelKind">The type of the label's key values; text when it had none.</param>
/// <param name="ClassCounts">Usable rows of each class.</param>
/// <param name="Inputs">Features per row.</param>
/// <param name="NonZeros">Non-zero feature values over the usable rows.</param>
/// <param name="SkippedBadFeatures">Rows skipped for a NaN or infinite feature.</param>
/// <param name="SkippedMissingLabel">Rows skipped for a missing label (key 0 or NaN).</param>
/// <param name="SkippedBadWeight">Rows skipped for a weight that is NaN, infinite, zero or negative.</param>
/// <param name="ClassNamesFromData">True when <paramref name="ClassNames"/> are the label key's values, false when they are "0", "1", ….</param>
/// <param name="MeanWeight">The mean example weight of the usable rows (1 when unweighted); <paramref name="Dataset"/>'s weights are already divided by it.</param>
/// <param name="TargetScaling">For real-valued labels, their standardisation (weighted mean and standard deviation); identity otherwise.</param>
internal sealed record TrainingDataReadResult(Dataset? Dataset, string[] ClassNames, ClassLabelKind LabelKind, long[] ClassCounts, int Inputs, long NonZeros,
    long SkippedBadFeatures, long SkippedMissingLabel, long SkippedBadWeight, bool ClassNamesFromData, double MeanWeight, TargetScaling TargetScaling)
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
/// One pass over an <see cref="IDataView"/>: either into one dense float32 matrix (the form every
/// in-memory epoch trains from), or only counting classes and skipped rows (before streaming).
/// </summary>
internal static class TrainingDataReader
{
    /// <summary>
    /// Reads <paramref name="data"/>. <paramref name="requiredClassCount"/>, when given (training
    /// from an initial model, or validation data), fixes the class count. <paramref name="dataKind"/>
    /// ("training", "validation") says in messages which data is meant. Real-valued labels
    /// (<see cref="LabelKind.Real"/>) give one class and the rows' targets. <paramref name="openCache"/> (tests)
    /// replaces <see cref="CachedSparseRows.TryCreate"/>, so a test can see the cache closed when the rows were copied.
    /// </summary>
    public static TrainingDataReadResult Read(IDataView data, string featureColumn, string labelColumn, string? weightColumn, int? requiredClassCount,
        bool keepRows = true, string dataKind = "training", CancellationToken cancellation = default, LabelKind labelKind = LabelKind.ClassIndex,
        bool standardizeInputs = false, Func<IDataView, string, CachedSparseRows?>? openCache = null)
    {
        using var stream = new DataViewRowStream(data, featureColumn, labelColumn, weightColumn, cancellation, labelKind: labelKind, dataKind: dataKind);
        int inputs = stream.Inputs;
        bool real = labelKind == LabelKind.Real;
        // GetRowCount is only a hint (a view may over-report): GrowableRows caps what it reserves from it.
        // A cached view (AppendCacheCheckpoint) already holds the rows: sparse rows are then kept as
        // positions in it rather than copied (see CachedSparseRows).
        CachedSparseRows? cache = keepRows && !real ? (openCache ?? CachedSparseRows.TryCreate)(data, featureColumn) : null;
        bool handedOver = false;
        try
        {
            DatasetBuilder? buffer = keepRows ? new DatasetBuilder(inputs, weightColumn != null, data.GetRowCount(), withTargets: real, standardizeInputs: standardizeInputs, source: cache) : null;
            var statistics = new TargetStatistics();
            var row = new SparseRow();
            var counts = new List<long>();
            double weightSum = 0;
            long nonZeros = 0;
            stream.Restart();
            // Rows are read as their non-zeros: a sparse column (text, one-hot) is never densified, and
            // the builder keeps a dense column dense once the first rows show it is.
            while (stream.NextSparse(row, out int rowLabel, out float target, out float weight))
            {
                buffer?.Add(row, rowLabel, weight, target, stream.Position);
                nonZeros += row.Count;
                weightSum += weight;
                if (real)
                {
                    statistics.Add(target, weight);
                }
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
                    ? $"The {dataKind} data has no rows."
                    : $"Every {dataKind} row was skipped: {stream.SkippedBadFeatures} had NaN or infinite values in '{featureColumn}', {stream.SkippedMissingLabel} had a missing label in '{labelColumn}'" +
                      (weightColumn == null ? "." : $", {stream.SkippedBadWeight} had a weight in '{weightColumn}' that was not a positive finite number.") +
                      " Clean the data or replace missing values (mlContext.Transforms.ReplaceMissingValues).", nameof(data));
            }

            LabelColumnInfo label = stream.Label;
            int classes = label.IsKey || labelKind == LabelKind.Boolean ? label.KeyCount : Math.Max(counts.Count, requiredClassCount ?? 0);
            if (requiredClassCount is int required && classes != required)
            {
                throw new ArgumentException($"The model being trained predicts {required} classes, but label column '{labelColumn}' of the {dataKind} data has {classes}. Use data with the same classes.", nameof(data));
            }
            if (classes < 2 && !real)
            {
                throw new ArgumentException($"Label column '{labelColumn}' of the {dataKind} data has only one class; a classifier needs at least two.", nameof(data));
            }
            while (counts.Count < classes)
            {
                counts.Add(0);
            }
            if (labelKind == LabelKind.Boolean && requiredClassCount == null && counts.Contains(0))
            {
                throw new ArgumentException($"Label column '{labelColumn}' is {(counts[1] == 0 ? "false" : "true")} on every usable row; a binary classifier needs rows of both values.", nameof(data));
            }
            string[] names = label.KeyValues?.Names ?? (labelKind == LabelKind.Boolean ? ["False", "True"] : DatasetOperations.DefaultClassNames(classes));
            ClassLabelKind kind = label.KeyValues?.Kind ?? ClassLabelKind.Text;
            // A uniform weight must not change the fit: 1e-44 everywhere would make 1 / Σw overflow. Dividing
            // by the mean (in double) gives weights around 1 whatever their scale, and the same fit.
            double meanWeight = weightColumn == null ? 1 : weightSum / usable;
            buffer?.DivideWeights(meanWeight);
            Dataset? rows = buffer?.ToDataset(classes);
            handedOver = rows is SparseDataset { ReadsFromSource: true };
            return new TrainingDataReadResult(rows, names, kind, counts.ToArray(), inputs, nonZeros,
                stream.SkippedBadFeatures, stream.SkippedMissingLabel, stream.SkippedBadWeight, label.KeyValues != null, meanWeight,
                real ? statistics.ToScaling() : TargetScaling.Identity);
        }
        finally
        {
            // The data set reads its rows from the cache until training ends (TwoLayerTrainerBase disposes it then).
            if (!handedOver)
            {
                cache?.Dispose();
            }
        }
    }
}
