using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetTwoLayer.MlNet.DataViews;

/// <summary>Reads a key column's <c>KeyValues</c> annotation as text, whatever the values' type.</summary>
internal static class KeyValueReader
{
    private static readonly MethodInfo s_readTyped = typeof(KeyValueReader).GetMethod(nameof(ReadTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>The class names the key values give, or null when the column carries none of the expected length.</summary>
    public static string[]? TryReadNames(DataViewSchema.Column column, int count)
    {
        DataViewSchema.Column? annotation = column.Annotations.Schema.GetColumnOrNull(AnnotationNames.KeyValues);
        if (annotation is not { Type: VectorDataViewType { IsKnownSize: true } vector } || vector.Size != count)
        {
            return null;
        }
        return (string[]?)s_readTyped.MakeGenericMethod(vector.ItemType.RawType).Invoke(null, BindingFlags.DoNotWrapExceptions, null, [column], null);
    }

    private static string[] ReadTyped<T>(DataViewSchema.Column column)
    {
        VBuffer<T> values = default;
        column.Annotations.GetValue(AnnotationNames.KeyValues, ref values);
        return values.DenseValues().Select(v => v?.ToString() ?? string.Empty).ToArray();
    }
}
