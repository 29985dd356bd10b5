using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Training;

namespace MlNetTwoLayer.Data;

/// <summary>What reading the training data found.</summary>
/// <param name="Dataset">The usable rows, dense.</param>
/// <param name="ClassNames">One name per class.</param>
/// <param name="SkippedBadFeatures">Rows skipped for a NaN or infinite feature.</param>
/// <param name="SkippedMissingLabel">Rows skipped for a missing label (key 0 or NaN).</param>
/// <param name="SkippedBadWeight">Rows skipped for a weight that is NaN, infinite, zero or negative.</param>
internal sealed record TrainingDataReadResult(DenseDataset Dataset, string[] ClassNames, long SkippedBadFeatures, long SkippedMissingLabel, long SkippedBadWeight)
{
    /// <summary>All skipped rows.</summary>
    public long Skipped => SkippedBadFeatures + SkippedMissingLabel + SkippedBadWeight;
}

/// <summary>
/// Reads an <see cref="IDataView"/> once into one dense float32 matrix with labels and weights, the
/// form every epoch trains from. Rows that cannot be used are skipped and counted, as ML.NET's
/// trainers do; labels that can never be right (negative or fractional class indices) are errors.
/// </summary>
internal static class TrainingDataReader
{
    /// <summary>
    /// Reads <paramref name="data"/>. <paramref name="requiredClassCount"/>, when given (training
    /// from an initial model), fixes the class count a Single label must fit in.
    /// </summary>
    public static TrainingDataReadResult Read(IDataView data, string featureColumn, string labelColumn, string? weightColumn, int? requiredClassCount)
    {
        int inputs = ColumnChecks.CheckFeatures(data.Schema, featureColumn);
        LabelColumnInfo label = ColumnChecks.CheckLabel(data.Schema, labelColumn);
        ColumnChecks.CheckWeight(data.Schema, weightColumn);

        DataViewSchema.Column features = data.Schema[featureColumn];
        DataViewSchema.Column labels = data.Schema[labelColumn];
        DataViewSchema.Column? weights = weightColumn == null ? null : data.Schema[weightColumn];
        var needed = new List<DataViewSchema.Column> { features, labels };
        if (weights != null)
        {
            needed.Add(weights.Value);
        }

        long? knownRows = data.GetRowCount();
        var buffer = new GrowableRows(inputs, weights != null, knownRows);
        long badFeatures = 0, missingLabel = 0, badWeight = 0;
        int maxLabel = -1;

        using (DataViewRowCursor cursor = data.GetRowCursor(needed))
        {
            ValueGetter<VBuffer<float>> getFeatures = cursor.GetGetter<VBuffer<float>>(features);
            Func<double> getLabel = LabelGetter(cursor, labels, label.IsKey);
            ValueGetter<float>? getWeight = weights == null ? null : cursor.GetGetter<float>(weights.Value);
            VBuffer<float> featureValues = default;
            float weight = 1;

            while (cursor.MoveNext())
            {
                double rawLabel = getLabel();
                if (double.IsNaN(rawLabel))
                {
                    missingLabel++;
                    continue;
                }
                int classIndex = ToClassIndex(rawLabel, labelColumn, cursor.Position);
                if (getWeight != null)
                {
                    getWeight(ref weight);
                    if (!(weight > 0) || !float.IsFinite(weight))
                    {
                        badWeight++;
                        continue;
                    }
                }
                getFeatures(ref featureValues);
                if (featureValues.Length != inputs)
                {
                    throw new InvalidOperationException($"Row {cursor.Position} of feature column '{featureColumn}' has {featureValues.Length} values, but the column's type says {inputs}.");
                }
                Span<float> row = buffer.AddRow(classIndex, weight);
                featureValues.CopyTo(row);
                if (!AllFinite(row))
                {
                    buffer.RemoveLastRow();
                    badFeatures++;
                    continue;
                }
                maxLabel = Math.Max(maxLabel, classIndex);
            }
        }

        if (buffer.Count == 0)
        {
            throw new ArgumentException(badFeatures + missingLabel + badWeight == 0
                ? "The training data has no rows."
                : $"Every training row was skipped: {badFeatures} had NaN or infinite values in '{featureColumn}', {missingLabel} had a missing label in '{labelColumn}'" +
                  (weightColumn == null ? "." : $", {badWeight} had a weight in '{weightColumn}' that was not a positive finite number.") +
                  " Clean the data or replace missing values (mlContext.Transforms.ReplaceMissingValues).", nameof(data));
        }

        int classes = label.IsKey ? label.KeyCount : Math.Max(maxLabel + 1, requiredClassCount ?? 0);
        if (requiredClassCount is int required && classes != required)
        {
            throw new ArgumentException($"The initial model predicts {required} classes, but label column '{labelColumn}' has {classes}. Train from a model made for the same classes.", nameof(data));
        }
        if (classes < 2)
        {
            throw new ArgumentException($"Label column '{labelColumn}' has only one class; a classifier needs at least two.", nameof(data));
        }
        string[] names = label.ClassNames ?? Enumerable.Range(0, classes).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        DenseDataset dataset = buffer.ToDataset(classes);
        return new TrainingDataReadResult(dataset, names, badFeatures, missingLabel, badWeight);
    }

    /// <summary>0-based class index of a label value; NaN means missing.</summary>
    private static int ToClassIndex(double value, string labelColumn, long position)
    {
        if (value < 0 || value != Math.Floor(value) || value >= int.MaxValue)
        {
            throw new InvalidOperationException(
                $"Row {position} of label column '{labelColumn}' holds {value}, which is not a class index (0, 1, 2, ...). " +
                $"Use whole non-negative numbers, or map the labels to a key with mlContext.Transforms.Conversion.MapValueToKey(\"{labelColumn}\").");
        }
        return (int)value;
    }

    /// <summary>A getter returning the 0-based class as a double, NaN for a missing label.</summary>
    private static Func<double> LabelGetter(DataViewRowCursor cursor, DataViewSchema.Column column, bool isKey)
    {
        if (!isKey)
        {
            ValueGetter<float> get = cursor.GetGetter<float>(column);
            float v = 0;
            return () => { get(ref v); return v; };
        }
        Type raw = column.Type.RawType;
        if (raw == typeof(uint))
        {
            return KeyGetter<uint>(cursor, column, k => k);
        }
        if (raw == typeof(byte))
        {
            return KeyGetter<byte>(cursor, column, k => k);
        }
        if (raw == typeof(ushort))
        {
            return KeyGetter<ushort>(cursor, column, k => k);
        }
        if (raw == typeof(ulong))
        {
            return KeyGetter<ulong>(cursor, column, k => k);
        }
        throw new ArgumentOutOfRangeException(nameof(column), $"Label column '{column.Name}' is a key of {raw.Name}, which is not a key type ML.NET defines.");
    }

    private static Func<double> KeyGetter<T>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<T, ulong> toUInt64)
    {
        ValueGetter<T> get = cursor.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            get(ref value);
            ulong key = toUInt64(value);
            // Key 0 is ML.NET's missing value; keys 1..count are classes 0..count-1.
            return key == 0 ? double.NaN : key - 1;
        };
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
        {
            if (!float.IsFinite(v))
            {
                return false;
            }
        }
        return true;
    }
}
