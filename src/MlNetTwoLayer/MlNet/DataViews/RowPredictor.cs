using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Engine.Network;

namespace MlNetTwoLayer.MlNet.DataViews;

/// <summary>
/// Computes the network's outputs for whatever row an input row currently points at, once per
/// position, with buffers of its own (one per row or cursor, so threads never share them): the raw
/// scores and the head's predictions from them.
/// </summary>
internal sealed class RowPredictor
{
    private readonly TwoLayerModelParameters _model;
    private readonly DataViewRow _input;
    private readonly ValueGetter<VBuffer<float>> _getFeatures;
    private readonly int _inputCount;
    private readonly float[] _probabilities;
    private readonly float[] _raw;
    private readonly string _featureColumnName;
    private readonly float[] _hidden;
    private VBuffer<float> _featureValues;
    private long _cachedPosition = -1;

    /// <summary>Scores rows of <paramref name="input"/>, whose feature column must be active.</summary>
    public RowPredictor(TwoLayerModelParameters model, DataViewRow input, DataViewSchema.Column featureColumn)
    {
        _model = model;
        _input = input;
        _getFeatures = input.GetGetter<VBuffer<float>>(featureColumn);
        _featureColumnName = featureColumn.Name;
        _inputCount = model.InputCount;
        _probabilities = new float[model.ClassCount];
        _raw = new float[model.ClassCount];
        _hidden = new float[model.HiddenCount];
    }

    /// <summary>The raw output scores of the current row (a binary classifier's margin).</summary>
    public ReadOnlySpan<float> RawScores
    {
        get
        {
            EnsureScored();
            return _raw;
        }
    }

    /// <summary>The head's predictions for the current row: class probabilities, P(true), or the regression value.</summary>
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
        if (_featureValues.Length != _inputCount)
        {
            throw new InvalidOperationException($"A row has {_featureValues.Length} features, but the model was trained on {_inputCount}.");
        }
        if (!_featureValues.IsDense)
        {
            // A sparse row (text, one-hot) is scored from its non-zeros, never densified.
            ReadOnlySpan<int> indices = _featureValues.GetIndices();
            DataViewRowStream.CheckIndices(indices, _inputCount, _featureColumnName, position);
            SingleRowScorer.ScoreSparse(_model.Parameters, _model.Activation, _model.Head, indices, _featureValues.GetValues(), _hidden, _raw, _probabilities);
            _cachedPosition = position;
            return;
        }
        // Scored straight from the row's buffer: a dense VBuffer's values are the features, in order.
        // Raw scores (a binary classifier's margin) and the head's predictions; a row whose float
        // sums overflow is rescored in double, for every head, so finite input scores finitely.
        SingleRowScorer.Score(_model.Parameters, _model.Activation, _model.Head, _featureValues.GetValues(), _hidden, _raw, _probabilities);
        _cachedPosition = position;
    }
}
