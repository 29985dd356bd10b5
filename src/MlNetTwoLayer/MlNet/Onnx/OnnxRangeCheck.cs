using System.Globalization;
using MlNetTwoLayer.Engine.Network;

namespace MlNetTwoLayer.MlNet.Onnx;

/// <summary>
/// Refuses, before export, a model whose float sums can overflow in an ONNX runtime. Our own scoring
/// rescores such rows in double and stays finite, but an ONNX graph computes in float with no fallback:
/// weights of 3e38 give Inf, then Inf - Inf = NaN, in ONNX Runtime.
/// </summary>
internal static class OnnxRangeCheck
{
    /// <summary>
    /// The feature magnitude the check allows for: far beyond normalised features, so trained models
    /// pass, while crafted or diverged weights near float's range do not.
    /// </summary>
    public const double FeatureMagnitude = 1e6;

    /// <summary>Throws when some sum of the exported graph can leave float's range for features up to <see cref="FeatureMagnitude"/>.</summary>
    /// <exception cref="InvalidOperationException">The weights are too large for float scoring; the message names the largest weight and the ways out.</exception>
    public static void ThrowIfSumsCanOverflow(TwoLayerModelParameters model)
    {
        ScoreBounds.Bounds bounds = ScoreBounds.For(model.Parameters, model.Activation, model.Head, FeatureMagnitude);
        (string part, double bound) = bounds.Hidden > float.MaxValue ? ("hidden layer's sums x·W1 + b1", bounds.Hidden)
            : bounds.Output > float.MaxValue ? ("output layer's sums h·W2 + b2", bounds.Output)
            : bounds.Label > float.MaxValue ? ("predicted values in the label's units", bounds.Label)
            : (string.Empty, 0);
        if (part.Length == 0)
        {
            return;
        }
        (float value, string where) = ScoreBounds.LargestWeight(model.Parameters);
        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
            $"This model cannot be exported to ONNX: its weights are too large for float arithmetic. For features up to {FeatureMagnitude:G3} in magnitude, the {part} can reach {bound:G3}, beyond float's largest value ({float.MaxValue:G3}), so an ONNX runtime would score Inf or NaN. " +
            $"The largest weight is {value:G3} ({where}). Retrain the model (normalise the features, or set L2Regularization), or score it with ML.NET, which rescores such rows in double."));
    }
}
