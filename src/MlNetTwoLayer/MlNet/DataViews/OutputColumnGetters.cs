using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetTwoLayer.MlNet.DataViews;

/// <summary>
/// The columns an output row or cursor exposes over its input: which are active, and a getter for
/// each — passed through from the input, or Score / PredictedLabel computed by a <see cref="RowPredictor"/>.
/// Shared by the mapper's rows and the data view's cursors.
/// </summary>
internal sealed class OutputColumnGetters
{
    private readonly DataViewRow _input;
    private readonly DataViewSchema _outputSchema;
    private readonly bool[] _active;
    private readonly RowPredictor? _scores;

    /// <summary>Columns of <paramref name="outputSchema"/> over <paramref name="input"/>; <paramref name="scores"/> is null when no network column is active.</summary>
    public OutputColumnGetters(DataViewRow input, DataViewSchema outputSchema, IEnumerable<DataViewSchema.Column> active, RowPredictor? scores)
    {
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
        // ML.NET's order: PredictedLabel right after the input columns, then Score.
        if (column.Index == inputCount + PredictionColumns.PredictedLabelOffset)
        {
            if (typeof(TValue) != typeof(uint))
            {
                throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}; ask for UInt32, not {typeof(TValue).Name}.");
            }
            ValueGetter<uint> predicted = (ref uint dst) => dst = scores.PredictedKey;
            return (ValueGetter<TValue>)(Delegate)predicted;
        }
        if (typeof(TValue) != typeof(VBuffer<float>))
        {
            throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}; ask for VBuffer<Single>, not {typeof(TValue).Name}.");
        }
        ValueGetter<VBuffer<float>> score = (ref VBuffer<float> dst) =>
        {
            ReadOnlySpan<float> p = scores.Probabilities;
            var editor = VBufferEditor.Create(ref dst, p.Length);
            p.CopyTo(editor.Values);
            dst = editor.Commit();
        };
        return (ValueGetter<TValue>)(Delegate)score;
    }
}
