using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Persistence;
using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.MlNet.DataViews;

/// <summary>
/// Training rows read from an <see cref="IDataView"/> through a cursor, one at a time. Rows that
/// cannot be used (NaN/Inf feature, missing label, weight that is not a positive finite number) are
/// skipped and counted; a label that can never be right is an error naming the row.
/// </summary>
internal sealed class DataViewRowStream : ISparseRowStream
{
    private readonly IDataView _data;
    private readonly string _featureColumn, _labelColumn;
    private readonly string _dataKind;
    private readonly string? _weightColumn;
    private readonly DataViewSchema.Column[] _needed;
    private DataViewRowCursor? _cursor;
    private ValueGetter<VBuffer<float>>? _getFeatures;
    private Func<double>? _getLabel;
    private ValueGetter<float>? _getWeight;
    private readonly CancellationToken _cancellation;
    private readonly int? _classCount;
    private VBuffer<float> _featureValues;
    private long _moves;

    /// <summary>
    /// Checks the columns of <paramref name="data"/>; reading starts at the first <c>Next</c>.
    /// <paramref name="classCount"/>, when given, is the class count an earlier pass found: a <c>Single</c>
    /// label at or above it is an error naming the row (a key label is always checked against its key count).
    /// <paramref name="labelKind"/> says whether labels are class indices, Booleans or real values.
    /// <paramref name="dataKind"/> ("training", "validation") is named in errors about rows of data other than the training data.
    /// </summary>
    public DataViewRowStream(IDataView data, string featureColumn, string labelColumn, string? weightColumn,
        CancellationToken cancellation = default, int? classCount = null, LabelKind labelKind = LabelKind.ClassIndex, string dataKind = "training")
    {
        _dataKind = dataKind;
        Inputs = ColumnChecks.CheckFeatures(data.Schema, featureColumn);
        Label = ColumnChecks.CheckLabel(data.Schema, labelColumn, labelKind);
        LabelKind = labelKind;
        ColumnChecks.CheckWeight(data.Schema, weightColumn);
        _cancellation = cancellation;
        _classCount = Label.IsKey ? Label.KeyCount : classCount;
        _data = data;
        _featureColumn = featureColumn;
        _labelColumn = labelColumn;
        _weightColumn = weightColumn;
        var needed = new List<DataViewSchema.Column> { data.Schema[featureColumn], data.Schema[labelColumn] };
        if (weightColumn != null)
        {
            needed.Add(data.Schema[weightColumn]);
        }
        _needed = needed.ToArray();
    }

    /// <inheritdoc/>
    public int Inputs { get; }

    /// <summary>"Row n of label column 'x'", plus which data when it is not the training data (a validation row is otherwise taken for a training row).</summary>
    private string LabelRow(long position)
        => _dataKind == "training" ? $"Row {position} of label column '{_labelColumn}'" : $"Row {position} of label column '{_labelColumn}' of the {_dataKind} data";

    /// <summary>How labels are read: class indices, Booleans or real values.</summary>
    public LabelKind LabelKind { get; }

    /// <summary>What the label column says about the classes.</summary>
    public LabelColumnInfo Label { get; }

    /// <inheritdoc/>
    public bool Weighted => _weightColumn != null;

    /// <summary>
    /// Every weight read is divided by this (in double, so even a mean weight of 1e-44 gives weights near 1):
    /// the trainer sets it to the mean weight the counting pass found, so the weights' scale cannot matter.
    /// </summary>
    public double WeightDivisor { get; set; } = 1;

    /// <summary>Rows skipped in the current pass for a NaN or infinite feature.</summary>
    public long SkippedBadFeatures { get; private set; }

    /// <summary>Rows skipped in the current pass for a missing label.</summary>
    public long SkippedMissingLabel { get; private set; }

    /// <summary>Rows skipped in the current pass for a weight that is not a positive finite number.</summary>
    public long SkippedBadWeight { get; private set; }

    /// <inheritdoc/>
    public void Restart()
    {
        _cursor?.Dispose();
        _cursor = _data.GetRowCursor(_needed);
        _getFeatures = _cursor.GetGetter<VBuffer<float>>(_needed[0]);
        _getLabel = LabelKind == LabelKind.Boolean ? BooleanGetter(_cursor, _needed[1]) : LabelGetter(_cursor, _needed[1], Label.IsKey);
        _getWeight = _weightColumn == null ? null : _cursor.GetGetter<float>(_needed[2]);
        SkippedBadFeatures = SkippedMissingLabel = SkippedBadWeight = 0;
    }

    /// <inheritdoc/>
    public bool Next(Span<float> features, out int label, out float weight) => Next(features, out label, out _, out weight);

    /// <inheritdoc/>
    public bool Next(Span<float> features, out int label, out float target, out float weight)
    {
        while (MoveToLabelledRow(out label, out target, out weight))
        {
            _featureValues.CopyTo(features);
            if (!VectorKernels.AllFinite(features))
            {
                SkippedBadFeatures++;
                continue;
            }
            return true;
        }
        return false;
    }

    /// <inheritdoc/>
    public bool NextSparse(SparseRow row, out int label, out float target, out float weight)
    {
        while (MoveToLabelledRow(out label, out target, out weight))
        {
            ReadOnlySpan<float> values = _featureValues.GetValues();
            if (!VectorKernels.AllFinite(values))
            {
                SkippedBadFeatures++;
                continue;
            }
            CopyNonZeros(_featureValues, row);
            return true;
        }
        return false;
    }

    /// <summary>Position in the view of the row the last <see cref="NextSparse"/> or <see cref="Next(Span{float}, out int, out float, out float)"/> returned.</summary>
    public long Position => _cursor?.Position ?? -1;

    /// <summary>
    /// <paramref name="features"/>' non-zeros into <paramref name="row"/>, in the vector's order; explicit
    /// zeros are left out. The one conversion every sparse read uses, so a row read again from an
    /// ML.NET cache (<see cref="CachedSparseRows"/>) is the row the training pass read.
    /// </summary>
    public static void CopyNonZeros(in VBuffer<float> features, SparseRow row)
    {
        ReadOnlySpan<float> values = features.GetValues();
        row.Reset(values.Length);
        if (features.IsDense)
        {
            for (int i = 0; i < values.Length; i++)
            {
                if (values[i] != 0)
                {
                    row.Append(i, values[i]);
                }
            }
            return;
        }
        ReadOnlySpan<int> indices = features.GetIndices();
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] != 0)
            {
                row.Append(indices[i], values[i]);
            }
        }
    }

    /// <summary>
    /// Moves to the next row with a usable label and weight and reads its features into
    /// <see cref="_featureValues"/> (checking the length, and a sparse row's indices); false at the end.
    /// </summary>
    private bool MoveToLabelledRow(out int label, out float target, out float weight)
    {
        target = 0;
        if (_cursor == null)
        {
            Restart();
        }
        weight = 1;
        while (_cursor!.MoveNext())
        {
            // Every pass over the data (counting, reading, each streamed epoch) stops promptly when
            // cancelled; checking every 1024 rows keeps the cost out of sight.
            if ((++_moves & 1023) == 0)
            {
                _cancellation.ThrowIfCancellationRequested();
            }
            double rawLabel = _getLabel!();
            if (double.IsNaN(rawLabel))
            {
                SkippedMissingLabel++;
                continue;
            }
            if (LabelKind == LabelKind.Real)
            {
                if (!double.IsFinite(rawLabel))
                {
                    // An infinite label can never be fitted; saying so beats a NaN loss many epochs later.
                    throw new InvalidOperationException($"{LabelRow(_cursor.Position)} holds {rawLabel}; a regression label must be a finite number (NaN marks a missing label, which is skipped).");
                }
                label = 0;
                target = (float)rawLabel;
            }
            else
            {
                label = ToClassIndex(rawLabel, _cursor.Position);
                target = label;
            }
            if (_getWeight != null)
            {
                _getWeight(ref weight);
                if (!(weight > 0) || !float.IsFinite(weight))
                {
                    SkippedBadWeight++;
                    continue;
                }
                weight = (float)(weight / WeightDivisor);
            }
            _getFeatures!(ref _featureValues);
            if (_featureValues.Length != Inputs)
            {
                throw new InvalidOperationException($"Row {_cursor.Position} of feature column '{_featureColumn}' has {_featureValues.Length} values, but the column's type says {Inputs}.");
            }
            if (!_featureValues.IsDense)
            {
                CheckIndices(_featureValues.GetIndices(), Inputs, _featureColumn, _cursor.Position);
            }
            return true;
        }
        label = 0;
        return false;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _cursor?.Dispose();
        _cursor = null;
    }

    /// <summary>
    /// Refuses a sparse row whose indices leave its slots. VBuffer checks them only in debug builds of
    /// ML.NET; a hand-made buffer can hold any int, so this is checked here rather than found as a
    /// crash deep in a kernel (the same kind of error as a dense row of the wrong length).
    /// </summary>
    internal static void CheckIndices(ReadOnlySpan<int> indices, int slots, string column, long position)
    {
        foreach (int index in indices)
        {
            if ((uint)index >= (uint)slots)
            {
                throw new InvalidOperationException(
                    $"Row {position} of feature column '{column}' is a sparse vector with index {index}, outside its {slots} slots. Build sparse VBuffers with indices in [0, length).");
            }
        }
    }

    /// <summary>0-based class index of a label value, checked against the class count when one is known.</summary>
    private int ToClassIndex(double value, long position)
    {
        if (_classCount is int classes && value >= classes && value == Math.Floor(value))
        {
            throw new InvalidOperationException(Label.IsKey
                ? $"{LabelRow(position)} holds key {value + 1}, but the column's type says the key has {classes} values: the data view breaks its own schema. " +
                  $"Fix the view, or map the labels anew with mlContext.Transforms.Conversion.MapValueToKey(\"{_labelColumn}\")."
                : $"{LabelRow(position)} holds class {value}, but the first pass over the data found only classes 0 to {classes - 1}: the data changed between passes. " +
                  "Data read with DataMode = Streaming must give the same rows on every pass; cache it (mlContext.Data.Cache) or train InMemory.");
        }
        if (value < 0 || value != Math.Floor(value) || value >= ModelFormat.MaxClasses)
        {
            throw new InvalidOperationException(
                $"{LabelRow(position)} holds {value}, which is not a class index (0, 1, 2, ..., below {ModelFormat.MaxClasses}). " +
                $"Use whole non-negative numbers, or map the labels to a key with mlContext.Transforms.Conversion.MapValueToKey(\"{_labelColumn}\").");
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

    private static Func<double> BooleanGetter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        ValueGetter<bool> get = cursor.GetGetter<bool>(column);
        bool v = false;
        return () => { get(ref v); return v ? 1 : 0; };
    }

    private static Func<double> KeyGetter<T>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<T, ulong> toUInt64)
    {
        ValueGetter<T> get = cursor.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            get(ref value);
            ulong key = toUInt64(value);
            // Key 0 is ML.NET's missing value; keys 1..count are classes 0..count-1 (a key above the count is
        // caught by ToClassIndex, naming the row).
            return key == 0 ? double.NaN : key - 1;
        };
    }
}
