using MlNetTwoLayer.Engine.Numerics;


namespace MlNetTwoLayer.Engine.Network;

/// <summary>
/// The forward pass for one row with caller-provided buffers, for prediction engines and single
/// calls: no workspace, no allocation.
/// </summary>
internal static class SingleRowScorer
{
    /// <summary>probabilities = softmax(f(x·W1 + b1)·W2 + b2), the seed's head.</summary>
    public static void Score(NetworkParameters p, HiddenActivation activation, ReadOnlySpan<float> x, Span<float> hidden, Span<float> probabilities)
        => Score(p, activation, SoftmaxCrossEntropyHead.Instance, x, hidden, probabilities);

    /// <summary>predictions = head(f(x·W1 + b1)·W2 + b2): probabilities, or values in the label's units.</summary>
    public static void Score(NetworkParameters p, HiddenActivation activation, IOutputHead head, ReadOnlySpan<float> x, Span<float> hidden, Span<float> predictions)
    {
        ScoreRaw(p, activation, x, hidden, predictions);
        head.Predict(predictions, 1, p.Shape.Classes);
    }

    /// <summary>The output layer's raw scores <c>s = f(x·W1 + b1)·W2 + b2</c> (a binary classifier's margin).</summary>
    public static void ScoreRaw(NetworkParameters p, HiddenActivation activation, ReadOnlySpan<float> x, Span<float> hidden, Span<float> scores)
    {
        NetworkShape s = p.Shape;
        if (!VectorKernels.AllFinite(x))
        {
            // ML.NET's own trainers also score missing features as NaN rather than guess.
            scores.Fill(float.NaN);
            return;
        }
        // h = f(x·W1 + b1); scores = h·W2 + b2 (the bias is added after the activation's input sum,
        // as in training: z = x·W1, then f(z + b1)).
        VectorMatrixProduct.Multiply(x, p.W1, s.Inputs, s.Hidden, default, hidden);
        Activations.BiasForward(activation, hidden, 1, s.Hidden, p.B1);
        VectorMatrixProduct.Multiply(hidden, p.W2, s.Hidden, s.Classes, p.B2, scores);
    }
}
