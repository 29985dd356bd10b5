namespace MlNetTwoLayer.Engine.Network;

/// <summary>
/// The largest magnitude any sum of the float forward pass can reach when every feature is at most
/// a given size, computed in double (which cannot overflow here). Consumers that score in float
/// with no double fallback (an exported ONNX graph) use it to refuse weights whose sums overflow.
/// </summary>
internal static class ScoreBounds
{
    /// <summary>The bound's parts: the hidden layer's input sums, the output sums, and the predicted value in the label's units (regression).</summary>
    /// <param name="Hidden">Largest |x·W1 + b1| over hidden units.</param>
    /// <param name="Output">Largest |h·W2 + b2| over outputs.</param>
    /// <param name="Label">Largest |output·Scale + Offset| (the output bound for classifiers).</param>
    internal readonly record struct Bounds(double Hidden, double Output, double Label);

    /// <summary>Bounds every partial sum (each is at most the sum of its terms' magnitudes) for features with |x_i| ≤ <paramref name="featureMagnitude"/>.</summary>
    public static Bounds For(NetworkParameters p, HiddenActivation activation, IOutputHead head, double featureMagnitude)
    {
        NetworkShape s = p.Shape;
        ReadOnlySpan<float> w1 = p.W1, b1 = p.B1, w2 = p.W2, b2 = p.B2;
        var hidden = new double[s.Hidden];
        for (int i = 0; i < s.Inputs; i++)
        {
            for (int j = 0; j < s.Hidden; j++)
            {
                hidden[j] += featureMagnitude * Math.Abs(w1[i * s.Hidden + j]);
            }
        }
        double hiddenBound = 0;
        for (int j = 0; j < s.Hidden; j++)
        {
            hidden[j] += Math.Abs(b1[j]);
            hiddenBound = Math.Max(hiddenBound, hidden[j]);
            // ReLU and leaky ReLU keep at most the input's magnitude; tanh and sigmoid are within 1.
            if (activation is HiddenActivation.Tanh or HiddenActivation.Sigmoid)
            {
                hidden[j] = 1;
            }
        }
        double outputBound = 0;
        for (int k = 0; k < s.Classes; k++)
        {
            double sum = Math.Abs(b2[k]);
            for (int j = 0; j < s.Hidden; j++)
            {
                sum += hidden[j] * Math.Abs(w2[j * s.Classes + k]);
            }
            outputBound = Math.Max(outputBound, sum);
        }
        double labelBound = head.IsClassifier ? outputBound : outputBound * head.Scaling.Scale + Math.Abs(head.Scaling.Offset);
        return new Bounds(hiddenBound, outputBound, labelBound);
    }

    /// <summary>The weight or bias of largest magnitude, with where it is (for messages).</summary>
    public static (float Value, string Where) LargestWeight(NetworkParameters p)
    {
        NetworkShape s = p.Shape;
        float best = 0;
        string where = "none";
        Visit(p.W1, s.Hidden, "hidden weights W1", matrix: true);
        Visit(p.B1, s.Hidden, "hidden biases b1", matrix: false);
        Visit(p.W2, s.Classes, "output weights W2", matrix: true);
        Visit(p.B2, s.Classes, "output biases b2", matrix: false);
        return (best, where);

        void Visit(ReadOnlySpan<float> values, int cols, string name, bool matrix)
        {
            for (int i = 0; i < values.Length; i++)
            {
                if (Math.Abs(values[i]) > Math.Abs(best))
                {
                    best = values[i];
                    where = !matrix ? $"{name}[{i}]" : $"{name}[{i / cols}, {i % cols}]";
                }
            }
        }
    }
}
