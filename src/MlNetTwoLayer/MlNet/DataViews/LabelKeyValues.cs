using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Engine.Persistence;

namespace MlNetTwoLayer.MlNet.DataViews;

/// <summary>
/// A label's key values with their own ML.NET type, both ways: read from a key column's
/// <c>KeyValues</c> annotation into the model's class names (<see cref="ClassLabelText"/>), and
/// written back as a typed annotation (<c>KeyValues</c> on <c>PredictedLabel</c>,
/// <c>TrainingLabelValues</c> on <c>Score</c>), so <c>MapKeyToValue</c> after the trainer gives the
/// label's original type, as after ML.NET's own trainers. Any trainer face can reuse it.
/// </summary>
internal sealed class LabelKeyValues
{
    private static readonly MethodInfo s_readTyped = typeof(LabelKeyValues).GetMethod(nameof(ReadTyped), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo s_addTyped = typeof(LabelKeyValues).GetMethod(nameof(AddTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Array _values;

    /// <summary>Key values of <paramref name="kind"/> given as their canonical texts (the model's class names).</summary>
    public LabelKeyValues(ClassLabelKind kind, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        Kind = kind;
        Names = names.ToArray();
        ItemType = ItemTypeOf(kind);
        _values = Array.CreateInstance(ItemType.RawType, Names.Length);
        for (int i = 0; i < Names.Length; i++)
        {
            object value = ClassLabelText.Parse(kind, Names[i]);
            _values.SetValue(kind == ClassLabelKind.Text ? ((string)value).AsMemory() : value, i);
        }
        VectorType = new VectorDataViewType(ItemType, Names.Length);
    }

    /// <summary>The values' kind.</summary>
    public ClassLabelKind Kind { get; }

    /// <summary>The values as canonical text, one per class.</summary>
    public string[] Names { get; }

    /// <summary>The ML.NET type of one value.</summary>
    public PrimitiveDataViewType ItemType { get; }

    /// <summary>The annotation's type: a known-size vector of <see cref="ItemType"/>.</summary>
    public VectorDataViewType VectorType { get; }

    /// <summary>True for text values: only those also name the score slots (ML.NET sets <c>SlotNames</c> on <c>Score</c> only then).</summary>
    public bool IsText => Kind == ClassLabelKind.Text;

    /// <summary>
    /// The key values a key column carries, or null when it has none of <paramref name="count"/>
    /// values. Values of a type the model file cannot keep become text, as they always did.
    /// </summary>
    public static LabelKeyValues? TryRead(DataViewSchema.Column column, int count)
    {
        DataViewSchema.Column? annotation = column.Annotations.Schema.GetColumnOrNull(AnnotationNames.KeyValues);
        if (annotation is not { Type: VectorDataViewType { IsKnownSize: true } vector } || vector.Size != count)
        {
            return null;
        }
        Type raw = vector.ItemType.RawType;
        Array values = (Array)s_readTyped.MakeGenericMethod(raw).Invoke(null, BindingFlags.DoNotWrapExceptions, null, [column], null)!;
        if (raw == typeof(ReadOnlyMemory<char>))
        {
            return new LabelKeyValues(ClassLabelKind.Text, values.Cast<ReadOnlyMemory<char>>().Select(v => v.ToString()).ToArray());
        }
        if (ClassLabelText.TryGetKind(raw, out ClassLabelKind kind) && ItemTypeOf(kind).Equals(vector.ItemType))
        {
            return new LabelKeyValues(kind, values.Cast<object>().Select(ClassLabelText.Format).ToArray());
        }
        return new LabelKeyValues(ClassLabelKind.Text, values.Cast<object?>().Select(v => v?.ToString() ?? string.Empty).ToArray());
    }

    /// <summary>The ML.NET type of a kind's values.</summary>
    public static PrimitiveDataViewType ItemTypeOf(ClassLabelKind kind) => kind switch
    {
        ClassLabelKind.Text => TextDataViewType.Instance,
        ClassLabelKind.Single => NumberDataViewType.Single,
        ClassLabelKind.Double => NumberDataViewType.Double,
        ClassLabelKind.Boolean => BooleanDataViewType.Instance,
        ClassLabelKind.SByte => NumberDataViewType.SByte,
        ClassLabelKind.Byte => NumberDataViewType.Byte,
        ClassLabelKind.Int16 => NumberDataViewType.Int16,
        ClassLabelKind.UInt16 => NumberDataViewType.UInt16,
        ClassLabelKind.Int32 => NumberDataViewType.Int32,
        ClassLabelKind.UInt32 => NumberDataViewType.UInt32,
        ClassLabelKind.Int64 => NumberDataViewType.Int64,
        ClassLabelKind.UInt64 => NumberDataViewType.UInt64,
        ClassLabelKind.DateTime => DateTimeDataViewType.Instance,
        ClassLabelKind.TimeSpan => TimeSpanDataViewType.Instance,
        ClassLabelKind.DateTimeOffset => DateTimeOffsetDataViewType.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown class label kind."),
    };

    /// <summary>Adds the values as the annotation <paramref name="annotationKind"/>, typed as <see cref="VectorType"/>.</summary>
    public void AddTo(DataViewSchema.Annotations.Builder builder, string annotationKind)
        => s_addTyped.MakeGenericMethod(ItemType.RawType).Invoke(null, BindingFlags.DoNotWrapExceptions, null, [builder, annotationKind, VectorType, _values], null);

    private static T[] ReadTyped<T>(DataViewSchema.Column column)
    {
        VBuffer<T> values = default;
        column.Annotations.GetValue(AnnotationNames.KeyValues, ref values);
        return values.DenseValues().ToArray();
    }

    private static void AddTyped<T>(DataViewSchema.Annotations.Builder builder, string kind, VectorDataViewType type, Array values)
    {
        var typed = (T[])values;
        builder.Add(kind, type, (ref VBuffer<T> dst) =>
        {
            var editor = VBufferEditor.Create(ref dst, typed.Length);
            typed.AsSpan().CopyTo(editor.Values);
            dst = editor.Commit();
        });
    }
}
