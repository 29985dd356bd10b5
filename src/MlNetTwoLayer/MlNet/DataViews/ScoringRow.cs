using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Engine.Network;

namespace MlNetTwoLayer.MlNet.DataViews;

/// <summary>
/// Computes Score and PredictedLabel for whatever row an input row currently points at, once per
/// position, with buffers of its own (one per row or cursor, so threads never share them).
/// </summary>
internal sealed class RowScores
{
    private readonly TwoLayerModelParameters _model;
    private readonly DataViewRow _input;
    private readonly ValueGetter<VBuffer<float>> _getFeatures;
    private readonly string _featureColumnName;
    private readonly float[] _probabilities;
    private readonly float[] _hidden;
    private VBuffer<float> _featureValues;
    private long _cachedPosition = -1;

    /// <summary>Scores rows of <paramref name="input"/>, whose feature column must be active.</summary>
    public RowScores(TwoLayerModelParameters model, DataViewRow input, DataViewSchema.Column featureColumn)
    {
        _model = model;
        _input = input;
        _getFeatures = input.GetGetter<VBuffer<float>>(featureColumn);
        _featureColumnName = featureColumn.Name;
        _probabilities = new float[model.ClassCount];
        _hidden = new float[model.HiddenCount];
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
        if (_featureValues.Length != _model.InputCount)
        {
            throw new InvalidOperationException($"A row has {_featureValues.Length} features, but the model was trained on {_model.InputCount}.");
        }
        if (_featureValues.IsDense)
        {
            SingleRowScorer.Score(_model.Parameters, _model.Activation, _featureValues.GetValues(), _hidden, _probabilities);
        }
        else
        {
            // A sparse row (text, one-hot) is scored from its non-zeros, never densified.
            ReadOnlySpan<int> indices = _featureValues.GetIndices();
            DataViewRowStream.CheckIndices(indices, _model.InputCount, _featureColumnName, position);
            SingleRowScorer.ScoreSparse(_model.Parameters, _model.Activation, indices, _featureValues.GetValues(), _hidden, _probabilities);
        }
        _cachedPosition = position;
    }
}

/// <summary>
/// The columns an output row or cursor exposes over its input: which are active, and a getter for
/// each — passed through from the input, or Score / PredictedLabel computed by a <see cref="RowScores"/>.
/// Shared by the mapper's rows and the data view's cursors.
/// </summary>
internal sealed class ScoredColumns
{
    private readonly DataViewRow _input;
    private readonly DataViewSchema _outputSchema;
    private readonly bool[] _active;
    private readonly RowScores? _scores;

    /// <summary>Columns of <paramref name="outputSchema"/> over <paramref name="input"/>; <paramref name="scores"/> is null when no network column is active.</summary>
    public ScoredColumns(DataViewRow input, DataViewSchema outputSchema, IEnumerable<DataViewSchema.Column> active, RowScores? scores)
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
        RowScores scores = _scores ?? throw new InvalidOperationException($"Column '{column.Name}' was not requested as active, so it cannot be read.");
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
