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
        if (head.Kind == OutputHeadKind.SoftmaxCrossEntropy && VectorKernels.AllFinite(x) && !VectorKernels.AllFinite(predictions))
        {
            // Finite weights as large as 3e38 overflow float sums (Inf - Inf = NaN); double cannot
            // overflow here, so the rare row that needs it is scored again in double.
            ScoreInDouble(p, activation, x, predictions);
        }
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

    /// <summary>
    /// The same forward pass in double, written plainly: for finite input and finite weights every
    /// sum stays below about 1e135 (float products are below 1.2e77 and a layer has under 2^31 terms),
    /// so the probabilities are always finite. Also the naive twin the fast path is tested against.
    /// </summary>
    public static void ScoreInDouble(NetworkParameters p, HiddenActivation activation, ReadOnlySpan<float> x, Span<float> probabilities)
    {
        NetworkShape s = p.Shape;
        ReadOnlySpan<float> w1 = p.W1, b1 = p.B1, w2 = p.W2, b2 = p.B2;
        var hidden = new double[s.Hidden];
        for (int i = 0; i < s.Inputs; i++)
        {
            double xi = x[i];
            for (int j = 0; j < s.Hidden; j++)
            {
                hidden[j] += xi * w1[i * s.Hidden + j];
            }
        }
        for (int j = 0; j < s.Hidden; j++)
        {
            double z = hidden[j] + b1[j];
            hidden[j] = activation switch
            {
                HiddenActivation.Relu => Math.Max(0, z),
                HiddenActivation.LeakyRelu => z > 0 ? z : Activations.LeakySlope * z,
                HiddenActivation.Tanh => Math.Tanh(z),
                HiddenActivation.Sigmoid => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z)),
                _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown hidden activation."),
            };
        }
        var scores = new double[s.Classes];
        double max = double.NegativeInfinity;
        for (int k = 0; k < s.Classes; k++)
        {
            double sum = b2[k];
            for (int j = 0; j < s.Hidden; j++)
            {
                sum += hidden[j] * w2[j * s.Classes + k];
            }
            scores[k] = sum;
            max = Math.Max(max, sum);
        }
        double total = 0;
        for (int k = 0; k < s.Classes; k++)
        {
            scores[k] = Math.Exp(scores[k] - max);
            total += scores[k];
        }
        for (int k = 0; k < s.Classes; k++)
        {
            probabilities[k] = (float)(scores[k] / total);
        }
    }
}
