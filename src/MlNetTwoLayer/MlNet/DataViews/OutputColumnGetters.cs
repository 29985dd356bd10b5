using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetTwoLayer.MlNet.DataViews;

/// <summary>
/// The columns an output row or cursor exposes over its input: which are active, and a getter for
/// each — passed through from the input, or an output column computed by a <see cref="RowPredictor"/>.
/// Shared by the mapper's rows and the data view's cursors.
/// </summary>
internal sealed class OutputColumnGetters
{
    private readonly DataViewRow _input;
    private readonly DataViewSchema _outputSchema;
    private readonly bool[] _active;
    private readonly RowPredictor? _scores;
    private readonly OutputColumn[] _outputs;

    /// <summary>
    /// Columns of <paramref name="outputSchema"/> over <paramref name="input"/>; the columns after the
    /// input's hold <paramref name="outputs"/>; <paramref name="scores"/> is null when no network column is active.
    /// </summary>
    public OutputColumnGetters(DataViewRow input, DataViewSchema outputSchema, OutputColumn[] outputs, IEnumerable<DataViewSchema.Column> active, RowPredictor? scores)
    {
        _outputs = outputs;
        _input = input;
        _outputSchema = outputSchema;
        _active = new bool[outputSchema.Count];
        foreach (DataViewSchema.Column c in active)
        {
            _active[c.Index] = true;
        }
        _scores = scores;
    }

    /// <summary>True when <paramref name="column"/> was requested.</summary>
    public bool IsActive(DataViewSchema.Column column) => _active[column.Index];

    /// <summary>A getter for output column <paramref name="column"/>.</summary>
    public ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        int inputCount = _input.Schema.Count;
        if (column.Index < 0 || column.Index >= _outputSchema.Count || _outputSchema[column.Index].Name != column.Name)
        {
            throw new ArgumentOutOfRangeException(nameof(column), $"Column '{column.Name}' does not belong to this row's schema.");
        }
        if (column.Index < inputCount)
        {
            return _input.GetGetter<TValue>(_input.Schema[column.Index]);
        }
        RowPredictor scores = _scores ?? throw new InvalidOperationException($"Column '{column.Name}' was not requested as active, so it cannot be read.");
        Delegate getter = _outputs[column.Index - inputCount] switch
        {
            OutputColumn.ClassProbabilities => Checked<VBuffer<float>, TValue>(column, (ref VBuffer<float> dst) =>
            {
                ReadOnlySpan<float> p = scores.Probabilities;
                var editor = VBufferEditor.Create(ref dst, p.Length);
                p.CopyTo(editor.Values);
                dst = editor.Commit();
            }),
            OutputColumn.PredictedKey => Checked<uint, TValue>(column, (ref uint dst) => dst = scores.PredictedKey),
            OutputColumn.Margin => Checked<float, TValue>(column, (ref float dst) => dst = scores.RawScores[0]),
            OutputColumn.Probability or OutputColumn.Value => Checked<float, TValue>(column, (ref float dst) => dst = scores.Probabilities[0]),
            // NaN margins (missing features) predict false, as ML.NET's binary scorer does.
            _ => Checked<bool, TValue>(column, (ref bool dst) => dst = scores.RawScores[0] > 0),
        };
        return (ValueGetter<TValue>)getter;
    }

    private static ValueGetter<T> Checked<T, TValue>(DataViewSchema.Column column, ValueGetter<T> getter)
    {
        if (typeof(TValue) != typeof(T))
        {
            throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}; ask for {typeof(T).Name}, not {typeof(TValue).Name}.");
        }
        return getter;
    }
}
