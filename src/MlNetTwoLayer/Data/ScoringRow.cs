using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetTwoLayer.Data;

/// <summary>
/// Computes Score and PredictedLabel for whatever row an input row currently points at, once per
/// position, with buffers of its own (one per row or cursor, so threads never share them).
/// </summary>
internal sealed class RowScores
{
    private readonly TwoLayerModelParameters _model;
    private readonly DataViewRow _input;
    private readonly ValueGetter<VBuffer<float>> _getFeatures;
    private readonly float[] _features;
    private readonly float[] _probabilities;
    private VBuffer<float> _featureValues;
    private long _cachedPosition = -1;

    /// <summary>Scores rows of <paramref name="input"/>, whose feature column must be active.</summary>
    public RowScores(TwoLayerModelParameters model, DataViewRow input, DataViewSchema.Column featureColumn)
    {
        _model = model;
        _input = input;
        _getFeatures = input.GetGetter<VBuffer<float>>(featureColumn);
        _features = new float[model.InputCount];
        _probabilities = new float[model.ClassCount];
    }

    /// <summary>The class probabilities of the current row.</summary>
    public ReadOnlySpan<float> Probabilities
    {
        get
        {
            EnsureScored();
            return _probabilities;
        }
    }

    /// <summary>The 1-based key of the most probable class; 0 (missing) when the scores are NaN.</summary>
    public uint PredictedKey
    {
        get
        {
            EnsureScored();
            int best = -1;
            float bestValue = float.NegativeInfinity;
            for (int i = 0; i < _probabilities.Length; i++)
            {
                if (_probabilities[i] > bestValue)
                {
                    bestValue = _probabilities[i];
                    best = i;
                }
            }
            return (uint)(best + 1);
        }
    }

    private void EnsureScored()
    {
        long position = _input.Position;
        if (position == _cachedPosition && position >= 0)
        {
            return;
        }
        _getFeatures(ref _featureValues);
        if (_featureValues.Length != _features.Length)
        {
            throw new InvalidOperationException($"A row has {_featureValues.Length} features, but the model was trained on {_features.Length}.");
        }
        _featureValues.CopyTo(_features);
        _model.Score(_features, _probabilities);
        _cachedPosition = position;
    }
}

/// <summary>Getters for the columns an <see cref="IRowToRowMapper"/> row or a cursor exposes.</summary>
internal static class ScoringGetters
{
    /// <summary>A getter for output column <paramref name="column"/>: passed through from the input, or one of ours.</summary>
    public static ValueGetter<TValue> Create<TValue>(DataViewRow input, DataViewSchema outputSchema, DataViewSchema.Column column, RowScores? scores)
    {
        int inputCount = input.Schema.Count;
        if (column.Index < 0 || column.Index >= outputSchema.Count || outputSchema[column.Index].Name != column.Name)
        {
            throw new ArgumentOutOfRangeException(nameof(column), $"Column '{column.Name}' does not belong to this row's schema.");
        }
        if (column.Index < inputCount)
        {
            return input.GetGetter<TValue>(input.Schema[column.Index]);
        }
        if (scores == null)
        {
            throw new InvalidOperationException($"Column '{column.Name}' was not requested as active, so it cannot be read.");
        }
        if (column.Index == inputCount)
        {
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
        if (typeof(TValue) != typeof(uint))
        {
            throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}; ask for UInt32, not {typeof(TValue).Name}.");
        }
        ValueGetter<uint> predicted = (ref uint dst) => dst = scores.PredictedKey;
        return (ValueGetter<TValue>)(Delegate)predicted;
    }
}
