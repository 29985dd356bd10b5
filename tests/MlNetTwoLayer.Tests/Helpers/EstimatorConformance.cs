using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.MlNet.Interop;
using Xunit;

namespace MlNetTwoLayer.Tests.Helpers;

/// <summary>
/// The checks of ML.NET's own estimator conformance test (<c>TestEstimatorCore</c> in
/// dotnet/machinelearning's test framework), ported as named checks that can run on any estimator,
/// so a test can run them on a built-in trainer as a control and demand that ours passes every check
/// the control passes. Ideas ported, no code copied.
/// </summary>
public static class EstimatorConformance
{
    /// <summary>What to check an estimator on.</summary>
    /// <param name="Fit">Data the estimator trains on.</param>
    /// <param name="TransformOnly">Data a fitted transformer scores but the estimator cannot train on (no label), or null.</param>
    /// <param name="Invalid">Data neither can use (for example features of the wrong type or size), or null.</param>
    public sealed record Inputs(IDataView Fit, IDataView? TransformOnly, IDataView? Invalid);

    /// <summary>Runs every check; the result maps each check's name to null (passed) or the reason it failed.</summary>
    public static IReadOnlyDictionary<string, string?> Run(MLContext ml, IEstimator<ITransformer> estimator, Inputs inputs)
    {
        var results = new Dictionary<string, string?>();
        ITransformer? transformer = null, loaded = null;
        DataViewSchema? loadedInputSchema = null;
        void Check(string name, Action check)
        {
            try
            {
                check();
                results[name] = null;
            }
            catch (Exception e)
            {
                results[name] = $"{e.GetType().Name}: {e.Message}";
            }
        }

        Check("estimator shape from the fit data", () => estimator.GetOutputSchema(MlNetInternals.ShapeOf(inputs.Fit.Schema)));
        Check("fit", () => transformer = estimator.Fit(inputs.Fit));
        Check("save and load", () =>
        {
            using var stream = new MemoryStream();
            ml.Model.Save(Required(transformer), inputs.Fit.Schema, stream);
            stream.Position = 0;
            loaded = new MLContext(seed: 99).Model.Load(stream, out loadedInputSchema);
            SameSchemas(inputs.Fit.Schema, Required(loadedInputSchema));
        });
        if (inputs.TransformOnly != null)
        {
            Check("estimator refuses data without a label at GetOutputSchema", () => MustFail(() => estimator.GetOutputSchema(MlNetInternals.ShapeOf(inputs.TransformOnly.Schema))));
            Check("estimator refuses data without a label at Fit", () => MustFail(() => estimator.Fit(inputs.TransformOnly)));
        }
        if (inputs.Invalid != null)
        {
            Check("estimator refuses invalid input at GetOutputSchema", () => MustFail(() => estimator.GetOutputSchema(MlNetInternals.ShapeOf(inputs.Invalid.Schema))));
            Check("estimator refuses invalid input at Fit", () => MustFail(() => estimator.Fit(inputs.Invalid)));
            Check("transformer refuses invalid input at GetOutputSchema", () => MustFail(() => Required(transformer).GetOutputSchema(inputs.Invalid.Schema)));
            Check("transformer refuses invalid input at Transform", () => MustFail(() => Required(transformer).Transform(inputs.Invalid)));
            Check("loaded transformer refuses invalid input", () =>
            {
                MustFail(() => Required(loaded).GetOutputSchema(inputs.Invalid.Schema));
                MustFail(() => Required(loaded).Transform(inputs.Invalid));
            });
        }

        var views = new List<(string Name, IDataView View)> { ("fit data", inputs.Fit), ("extra and reordered columns", ExtraAndReordered(ml, inputs.Fit)) };
        if (inputs.TransformOnly != null)
        {
            views.Add(("data without a label", inputs.TransformOnly));
        }
        foreach ((string name, IDataView view) in views)
        {
            Check($"row-to-row mapper on {name}", () =>
            {
                ITransformer t = Required(transformer);
                DataViewSchema schema = t.GetOutputSchema(view.Schema);
                Assert.True(t.IsRowToRowMapper);
                IRowToRowMapper mapper = t.GetRowToRowMapper(view.Schema);
                Assert.Same(view.Schema, mapper.InputSchema);
                SameSchemas(schema, mapper.OutputSchema);
                Assert.Equal(Values(t.Transform(view)), MappedValues(mapper, view));
            });
            Check($"Transform schema is GetOutputSchema's on {name}", () =>
                SameSchemas(Required(transformer).GetOutputSchema(view.Schema), Required(transformer).Transform(view).Schema));
            Check($"loaded transformer gives the same schema and values on {name}", () =>
            {
                IDataView original = Required(transformer).Transform(view), reloaded = Required(loaded).Transform(view);
                SameSchemas(Required(transformer).GetOutputSchema(view.Schema), Required(loaded).GetOutputSchema(view.Schema));
                SameSchemas(original.Schema, reloaded.Schema);
                Assert.Equal(Values(original), Values(reloaded));
            });
        }
        Check("extra and reordered columns score like the fit data", () =>
            Assert.Equal(Values(Required(transformer).Transform(inputs.Fit), "Score", "PredictedLabel"),
                Values(Required(transformer).Transform(ExtraAndReordered(ml, inputs.Fit)), "Score", "PredictedLabel")));
        Check("estimator shape equals the fitted transformer's", () =>
            SchemaAssert.SameShape(estimator.GetOutputSchema(MlNetInternals.ShapeOf(inputs.Fit.Schema)),
                MlNetInternals.ShapeOf(Required(transformer).GetOutputSchema(inputs.Fit.Schema))));
        Check("transformers are disposable", () =>
        {
            Assert.IsAssignableFrom<IDisposable>(Required(loaded));
            ((IDisposable)Required(loaded)).Dispose();
        });
        return results;
    }

    /// <summary>Every column in reverse order, plus an extra column in front, as ML.NET's test data often is.</summary>
    public static IDataView ExtraAndReordered(MLContext ml, IDataView data)
    {
        string[] names = data.Schema.Where(c => !c.IsHidden).Select(c => c.Name).Reverse().ToArray();
        var extra = ml.Transforms.CopyColumns("ExtraColumn", names[^1]).Fit(data).Transform(data);
        var reordered = ml.Transforms.SelectColumns(["ExtraColumn", .. names]).Fit(extra).Transform(extra);
        return ml.Data.TakeRows(ml.Data.Cache(reordered), long.MaxValue);
    }

    private static T Required<T>(T? value) where T : class => value ?? throw new InvalidOperationException("An earlier step failed.");

    /// <summary>What ML.NET's <c>mustFail</c> accepts: an ArgumentOutOfRange or InvalidOperation exception, possibly wrapped.</summary>
    private static void MustFail(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            Exception inner = e;
            while (inner is TargetInvocationException && inner.InnerException != null)
            {
                inner = inner.InnerException;
            }
            Assert.True(inner is ArgumentOutOfRangeException or InvalidOperationException, $"Failed, but with {inner.GetType().Name}: {inner.Message}");
            return;
        }
        throw new Xunit.Sdk.XunitException("Expected the call to fail, but it succeeded.");
    }

    private static void SameSchemas(DataViewSchema expected, DataViewSchema actual) => SchemaAssert.SameColumns(expected, actual);

    /// <summary>Every visible column's values, row by row, as text (floats rounded to 6 significant digits, as ML.NET compares them loosely).</summary>
    public static List<string> Values(IDataView view, params string[] only)
    {
        var columns = view.Schema.Where(c => !c.IsHidden && (only.Length == 0 || only.Contains(c.Name))).ToList();
        using DataViewRowCursor cursor = view.GetRowCursor(columns);
        var readers = columns.Select(c => Reader(cursor, c)).ToList();
        var rows = new List<string>();
        while (cursor.MoveNext())
        {
            rows.Add(string.Join(";", readers.Select(r => r())));
        }
        return rows;
    }

    private static List<string> MappedValues(IRowToRowMapper mapper, IDataView view)
    {
        var active = mapper.OutputSchema.Where(c => !c.IsHidden).ToList();
        using DataViewRowCursor cursor = view.GetRowCursor(mapper.GetDependencies(active));
        using DataViewRow row = mapper.GetRow(cursor, active);
        var readers = active.Select(c => Reader(row, c)).ToList();
        var rows = new List<string>();
        while (cursor.MoveNext())
        {
            rows.Add(string.Join(";", readers.Select(r => r())));
        }
        return rows;
    }

    private static readonly MethodInfo s_scalar = typeof(EstimatorConformance).GetMethod(nameof(ScalarReader), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo s_vector = typeof(EstimatorConformance).GetMethod(nameof(VectorReader), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static Func<string> Reader(DataViewRow row, DataViewSchema.Column column)
        => column.Type is VectorDataViewType v
            ? (Func<string>)s_vector.MakeGenericMethod(v.ItemType.RawType).Invoke(null, [row, column])!
            : (Func<string>)s_scalar.MakeGenericMethod(column.Type.RawType).Invoke(null, [row, column])!;

    private static string Text<T>(T value) => value switch
    {
        float f => f.ToString("G6", System.Globalization.CultureInfo.InvariantCulture),
        double d => d.ToString("G6", System.Globalization.CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };

    private static Func<string> ScalarReader<T>(DataViewRow row, DataViewSchema.Column column)
    {
        ValueGetter<T> getter = row.GetGetter<T>(column);
        return () =>
        {
            T value = default!;
            getter(ref value);
            return Text(value);
        };
    }

    private static Func<string> VectorReader<T>(DataViewRow row, DataViewSchema.Column column)
    {
        ValueGetter<VBuffer<T>> getter = row.GetGetter<VBuffer<T>>(column);
        return () =>
        {
            VBuffer<T> value = default;
            getter(ref value);
            return string.Join(",", value.DenseValues().Select(Text));
        };
    }
}
