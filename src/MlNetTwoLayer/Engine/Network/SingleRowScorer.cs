using MlNetTwoLayer.Engine.Numerics;


namespace MlNetTwoLayer.Engine.Network;

/// <summary>
/// The forward pass for one row with caller-provided buffers, for prediction engines and single
/// calls: no workspace, no allocation. Rows come dense, or as their non-zeros (text, one-hot).
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
        // An infinite margin still gives a finite sigmoid (1), but not the right one: check both.
        bool rawFinite = VectorKernels.AllFinite(predictions);
        head.Predict(predictions, 1, p.Shape.Classes);
        if (!(rawFinite && VectorKernels.AllFinite(predictions)) && VectorKernels.AllFinite(x))
        {
            // Finite weights as large as 3e38 overflow float sums (Inf, then Inf - Inf = NaN); double
            // cannot overflow here, so the rare row that needs it is scored again in double.
            ScoreInDouble(p, activation, head, x, default, predictions);
        }
    }

    /// <summary>
    /// As <see cref="Score(NetworkParameters, HiddenActivation, IOutputHead, ReadOnlySpan{float}, Span{float}, Span{float})"/>,
    /// also keeping the raw scores (a binary classifier's margin, ML.NET's Score column); both stay
    /// finite for finite input.
    /// </summary>
    public static void Score(NetworkParameters p, HiddenActivation activation, IOutputHead head, ReadOnlySpan<float> x, Span<float> hidden, Span<float> raw, Span<float> predictions)
    {
        ScoreRaw(p, activation, x, hidden, raw);
        raw.CopyTo(predictions);
        head.Predict(predictions, 1, p.Shape.Classes);
        if (!(VectorKernels.AllFinite(raw) && VectorKernels.AllFinite(predictions)) && VectorKernels.AllFinite(x))
        {
            ScoreInDouble(p, activation, head, x, raw, predictions);
        }
    }

    /// <summary>
    /// As <see cref="Score(NetworkParameters, HiddenActivation, IOutputHead, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float})"/>
    /// for a sparse row given as its non-zeros (indices checked by the caller), with the same rescue: a finite row
    /// whose float sums overflow is scored again in double.
    /// </summary>
    public static void ScoreSparse(NetworkParameters p, HiddenActivation activation, IOutputHead head, ReadOnlySpan<int> indices, ReadOnlySpan<float> values,
        Span<float> hidden, Span<float> raw, Span<float> predictions)
    {
        ScoreSparseRaw(p, activation, indices, values, hidden, raw);
        raw.CopyTo(predictions);
        head.Predict(predictions, 1, p.Shape.Classes);
        if (!(VectorKernels.AllFinite(raw) && VectorKernels.AllFinite(predictions)) && VectorKernels.AllFinite(values))
        {
            // Rare (weights near float's limit), so the row is densified here rather than kept dense for it.
            var x = new float[p.Shape.Inputs];
            for (int k = 0; k < indices.Length; k++)
            {
                x[indices[k]] += values[k]; // as ScoreSparseRaw sums a repeated index
            }
            ScoreInDouble(p, activation, head, x, raw, predictions);
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
        ScoreFromFirstLayer(p, activation, hidden, scores);
    }

    /// <summary>
    /// <see cref="ScoreRaw"/> for a sparse row given as its non-zeros (indices in [0, inputs), checked
    /// by the caller): x·W1 sums the W1 rows of the non-zeros, so the cost is O(non-zeros x hidden).
    /// </summary>
    public static void ScoreSparseRaw(NetworkParameters p, HiddenActivation activation, ReadOnlySpan<int> indices, ReadOnlySpan<float> values,
        Span<float> hidden, Span<float> scores)
    {
        NetworkShape s = p.Shape;
        if (!VectorKernels.AllFinite(values))
        {
            scores.Fill(float.NaN);
            return;
        }
        ReadOnlySpan<float> w1 = p.W1;
        hidden.Clear();
        for (int k = 0; k < indices.Length; k++)
        {
            SparseKernels.AddScaledRow(hidden, w1.Slice(indices[k] * s.Hidden, s.Hidden), values[k]);
        }
        ScoreFromFirstLayer(p, activation, hidden, scores);
    }

    /// <summary>h = f(x·W1 + b1) from x·W1 in <paramref name="hidden"/>, then the raw scores h·W2 + b2.</summary>
    private static void ScoreFromFirstLayer(NetworkParameters p, HiddenActivation activation, Span<float> hidden, Span<float> scores)
    {
        NetworkShape s = p.Shape;
        Activations.BiasForward(activation, hidden, 1, s.Hidden, p.B1);
        VectorMatrixProduct.Multiply(hidden, p.W2, s.Hidden, s.Classes, p.B2, scores);
    }

    /// <summary>The softmax head's <see cref="ScoreInDouble(NetworkParameters, HiddenActivation, IOutputHead, ReadOnlySpan{float}, Span{float}, Span{float})"/>.</summary>
    public static void ScoreInDouble(NetworkParameters p, HiddenActivation activation, ReadOnlySpan<float> x, Span<float> probabilities)
        => ScoreInDouble(p, activation, SoftmaxCrossEntropyHead.Instance, x, default, probabilities);

    /// <summary>
    /// The same forward pass in double, written plainly: for finite input and finite weights every
    /// sum stays below about 1e135 (float products are below 1.2e77 and a layer has under 2^31 terms),
    /// so probabilities are always finite. Values that exist only as floats (a binary margin, a
    /// regression value in the label's units) saturate at ±<see cref="float.MaxValue"/> when the exact
    /// value is beyond float's range: the nearest finite float, never Inf or NaN. Also the naive twin
    /// the fast path is tested against.
    /// </summary>
    /// <param name="p">The parameters.</param>
    /// <param name="activation">The hidden non-linearity.</param>
    /// <param name="head">Turns the scores into predictions (computed here in double).</param>
    /// <param name="x">One finite row.</param>
    /// <param name="raw">Receives the raw scores, saturated; empty when not wanted.</param>
    /// <param name="predictions">Receives the head's predictions.</param>
    public static void ScoreInDouble(NetworkParameters p, HiddenActivation activation, IOutputHead head, ReadOnlySpan<float> x, Span<float> raw, Span<float> predictions)
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
                HiddenActivation.Sigmoid => SigmoidInDouble(z),
                _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown hidden activation."),
            };
        }
        var scores = new double[s.Classes];
        for (int k = 0; k < s.Classes; k++)
        {
            double sum = b2[k];
            for (int j = 0; j < s.Hidden; j++)
            {
                sum += hidden[j] * w2[j * s.Classes + k];
            }
            scores[k] = sum;
        }
        for (int k = 0; k < raw.Length && k < s.Classes; k++)
        {
            raw[k] = Saturate(scores[k]);
        }
        switch (head.Kind)
        {
            case OutputHeadKind.SoftmaxCrossEntropy:
                SoftmaxInDouble(scores, predictions);
                break;
            case OutputHeadKind.SigmoidBinaryCrossEntropy:
                for (int k = 0; k < s.Classes; k++)
                {
                    predictions[k] = (float)SigmoidInDouble(scores[k]);
                }
                break;
            default:
                // Regression heads: the label is the score mapped back through the scaling.
                TargetScaling scaling = head.Scaling;
                for (int k = 0; k < s.Classes; k++)
                {
                    predictions[k] = Saturate(scores[k] * scaling.Scale + scaling.Offset);
                }
                break;
        }
    }

    /// <summary>The nearest finite float to a finite double (±<see cref="float.MaxValue"/> beyond float's range).</summary>
    private static float Saturate(double value) => (float)Math.Clamp(value, -float.MaxValue, float.MaxValue);

    private static double SigmoidInDouble(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    private static void SoftmaxInDouble(double[] scores, Span<float> probabilities)
    {
        double max = double.NegativeInfinity;
        for (int k = 0; k < scores.Length; k++)
        {
            max = Math.Max(max, scores[k]);
        }
        double total = 0;
        for (int k = 0; k < scores.Length; k++)
        {
            scores[k] = Math.Exp(scores[k] - max);
            total += scores[k];
        }
        for (int k = 0; k < scores.Length; k++)
        {
            probabilities[k] = (float)(scores[k] / total);
        }
    }
}
