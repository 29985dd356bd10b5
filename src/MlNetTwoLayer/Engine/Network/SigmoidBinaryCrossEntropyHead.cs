namespace MlNetTwoLayer.Engine.Network;

/// <summary>
/// Binary classification with one output: <c>p = σ(s)</c>, the probability of class 1, and the
/// binary cross-entropy <c>-y·log p - (1 - y)·log(1 - p)</c>, computed from the score as
/// <c>softplus(s) - y·s</c> with a softplus that never overflows; its gradient is <c>p - y</c>.
/// </summary>
/// <remarks>One output instead of a two-class softmax: the same model (a softmax over two scores depends only on their difference) with half the output weights, and the margin <c>s</c> is ML.NET's binary Score.</remarks>
internal sealed class SigmoidBinaryCrossEntropyHead : IOutputHead
{
    /// <summary>The one instance: the head has no state.</summary>
    public static SigmoidBinaryCrossEntropyHead Instance { get; } = new();

    private SigmoidBinaryCrossEntropyHead()
    {
    }

    /// <inheritdoc/>
    public OutputHeadKind Kind => OutputHeadKind.SigmoidBinaryCrossEntropy;

    /// <inheritdoc/>
    public bool IsClassifier => true;

    /// <inheritdoc/>
    public TargetScaling Scaling => TargetScaling.Identity;

    /// <inheritdoc/>
    public int OutputCount(int classes)
        => classes == 2 ? 1 : throw new ArgumentException($"A binary classifier learns 2 classes, not {classes}.", nameof(classes));

    /// <inheritdoc/>
    public void Predict(Span<float> scores, int rows, int outputs)
    {
        Span<float> s = scores[..(rows * outputs)];
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = Activations.Sigmoid(s[i]);
        }
    }

    /// <inheritdoc/>
    public double ForwardLoss(Span<float> scores, int rows, int outputs, ReadOnlySpan<int> labels, ReadOnlySpan<float> targets, ReadOnlySpan<float> rowWeights)
    {
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            float s = scores[r];
            double loss = Softplus(s) - (labels[r] == 1 ? s : 0);
            total += rowWeights.IsEmpty ? loss : rowWeights[r] * loss;
            scores[r] = Activations.Sigmoid(s);
        }
        return total;
    }

    /// <inheritdoc/>
    public void Gradient(Span<float> values, int rows, int outputs, ReadOnlySpan<int> labels, ReadOnlySpan<float> targets, ReadOnlySpan<float> rowWeights, float normalizer)
    {
        float inverse = 1f / normalizer;
        for (int r = 0; r < rows; r++)
        {
            float scale = rowWeights.IsEmpty ? inverse : rowWeights[r] * inverse;
            values[r] = (values[r] - (labels[r] == 1 ? 1f : 0f)) * scale;
        }
    }

    /// <inheritdoc/>
    public int PredictedClass(ReadOnlySpan<float> row) => row[0] > 0.5f ? 1 : 0;

    /// <summary>log(1 + e^s) as <c>max(s, 0) + log(1 + e^-|s|)</c>: never overflows, exact for large |s|.</summary>
    public static double Softplus(double s) => Math.Max(s, 0) + Math.Log(1 + Math.Exp(-Math.Abs(s)));
}
