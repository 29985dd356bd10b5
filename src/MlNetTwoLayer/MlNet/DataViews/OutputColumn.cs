namespace MlNetTwoLayer.MlNet.DataViews;

/// <summary>What one added output column holds; <see cref="PredictionColumns.Columns"/> lists them per task in schema order.</summary>
internal enum OutputColumn
{
    /// <summary>Multiclass Score: a vector of class probabilities.</summary>
    ClassProbabilities,

    /// <summary>Multiclass PredictedLabel: the 1-based key of the most probable class.</summary>
    PredictedKey,

    /// <summary>Binary Score: the raw margin s.</summary>
    Margin,

    /// <summary>Binary Probability: σ(s).</summary>
    Probability,

    /// <summary>Binary PredictedLabel: s &gt; 0.</summary>
    PredictedBoolean,

    /// <summary>Regression Score: the prediction in the label's units.</summary>
    Value,
}
