using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace MlNetTwoLayer.Tests.Helpers;

/// <summary>Compares schemas the way a user's code sees them: column names, types, order and annotations.</summary>
public static class SchemaAssert
{
    private static readonly MethodInfo s_annotationText = typeof(SchemaAssert).GetMethod(nameof(AnnotationText), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>
    /// Same visible columns in the same order with the same types, and on each the same annotation
    /// kinds (in order), types and values; <paramref name="ignoreAnnotationValues"/> names kinds whose
    /// values may differ (such as a score-set id).
    /// </summary>
    public static void SameColumns(DataViewSchema expected, DataViewSchema actual, params string[] ignoreAnnotationValues)
    {
        string[] names(DataViewSchema s) => s.Where(c => !c.IsHidden).Select(c => c.Name).ToArray();
        Assert.Equal(names(expected), names(actual));
        foreach (DataViewSchema.Column e in expected.Where(c => !c.IsHidden))
        {
            DataViewSchema.Column a = actual[e.Name];
            Assert.True(e.Type.Equals(a.Type), $"Column '{e.Name}': expected type {e.Type}, got {a.Type}.");
            Assert.Equal(Describe(e.Annotations.Schema), Describe(a.Annotations.Schema));
            foreach (DataViewSchema.Column kind in e.Annotations.Schema)
            {
                if (ignoreAnnotationValues.Contains(kind.Name))
                {
                    continue;
                }
                Assert.Equal(Read(e, kind.Name), Read(a, kind.Name));
            }
        }
    }

    /// <summary>Same columns (as sets: shapes have no order that ML.NET keeps) with the same kind, item type, key-ness and annotation shapes.</summary>
    public static void SameShape(SchemaShape expected, SchemaShape actual)
    {
        static string Column(SchemaShape.Column c)
            => $"{c.Name}:{c.Kind}:{c.ItemType}:{(c.IsKey ? "key" : "")}[{string.Join(",", c.Annotations.Select(a => $"{a.Name}:{a.Kind}:{a.ItemType}:{(a.IsKey ? "key" : "")}").Order())}]";
        Assert.Equal(expected.Select(Column).Order(), actual.Select(Column).Order());
    }

    private static string[] Describe(DataViewSchema annotations) => annotations.Select(a => $"{a.Name}:{a.Type}").ToArray();

    private static string Read(DataViewSchema.Column column, string kind)
    {
        DataViewType type = column.Annotations.Schema[kind].Type;
        Type raw = type is VectorDataViewType v ? v.ItemType.RawType : type.RawType;
        return (string)s_annotationText.MakeGenericMethod(raw).Invoke(null, [column, kind, type is VectorDataViewType])!;
    }

    private static string AnnotationText<T>(DataViewSchema.Column column, string kind, bool vector)
    {
        if (vector)
        {
            VBuffer<T> values = default;
            column.Annotations.GetValue(kind, ref values);
            return string.Join("|", values.DenseValues().Select(v => v?.ToString()));
        }
        T value = default!;
        column.Annotations.GetValue(kind, ref value);
        return value?.ToString() ?? "";
    }
}
