namespace MlNetTwoLayer.Engine.Network;

/// <summary>The seed's head: softmax over one output per class and cross-entropy (<see cref="SoftmaxCrossEntropy"/>).</summary>
internal sealed class SoftmaxCrossEntropyHead : IOutputHead
{
    /// <summary>The one instance: the head has no state.</summary>
    public static SoftmaxCrossEntropyHead Instance { get; } = new();

    private SoftmaxCrossEntropyHead()
    {
    }

    /// <inheritdoc/>
    public OutputHeadKind Kind => OutputHeadKind.SoftmaxCrossEntropy;

    /// <inheritdoc/>
    public bool IsClassifier => true;

    /// <inheritdoc/>
    public TargetScaling Scaling => TargetScaling.Identity;

    /// <inheritdoc/>
    public int OutputCount(int classes) => classes;

    /// <inheritdoc/>
    public void Predict(Span<float> scores, int rows, int outputs) => SoftmaxCrossEntropy.Softmax(scores, rows, outputs);

    /// <inheritdoc/>
    public double ForwardLoss(Span<float> scores, int rows, int outputs, ReadOnlySpan<int> labels, ReadOnlySpan<float> targets, ReadOnlySpan<float> rowWeights)
        => SoftmaxCrossEntropy.SoftmaxWithLoss(scores, rows, outputs, labels, rowWeights);

    /// <inheritdoc/>
    public void Gradient(Span<float> values, int rows, int outputs, ReadOnlySpan<int> labels, ReadOnlySpan<float> targets, ReadOnlySpan<float> rowWeights, float normalizer)
        => SoftmaxCrossEntropy.Gradient(values, rows, outputs, labels, rowWeights, normalizer);

    /// <inheritdoc/>
    public int PredictedClass(ReadOnlySpan<float> row)
    {
        int predicted = 0;
        for (int k = 1; k < row.Length; k++)
        {
            if (row[k] > row[predicted])
            {
                predicted = k;
            }
        }
        return predicted;
    }
}
