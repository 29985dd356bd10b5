namespace MlNetTwoLayer.Engine.Network;

/// <summary>
/// Regression with one output and no activation: the loss is half the squared error
/// <c>½(s - t)²</c> against the standardised target <c>t = (y - offset) / scale</c>, so its
/// gradient is <c>s - t</c>; predictions are <c>s·scale + offset</c>, in the label's units.
/// </summary>
internal sealed class IdentitySquaredErrorHead : IOutputHead
{
    /// <summary>A head learning labels through <paramref name="scaling"/>.</summary>
    public IdentitySquaredErrorHead(TargetScaling scaling)
    {
        if (!scaling.IsValid)
        {
            throw new ArgumentOutOfRangeException(nameof(scaling), scaling, "The label scaling must be finite with a positive scale.");
        }
        Scaling = scaling;
    }

    /// <inheritdoc/>
    public OutputHeadKind Kind => OutputHeadKind.IdentitySquaredError;

    /// <inheritdoc/>
    public bool IsClassifier => false;

    /// <inheritdoc/>
    public TargetScaling Scaling { get; }

    /// <inheritdoc/>
    public int OutputCount(int classes) => 1;

    /// <inheritdoc/>
    public void Predict(Span<float> scores, int rows, int outputs) => RegressionHeads.ToLabels(Scaling, scores, rows);

    /// <inheritdoc/>
    public double ForwardLoss(Span<float> scores, int rows, int outputs, ReadOnlySpan<int> labels, ReadOnlySpan<float> targets, ReadOnlySpan<float> rowWeights)
    {
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            double residual = scores[r] - (double)Scaling.ToTarget(targets[r]);
            double loss = 0.5 * residual * residual;
            total += rowWeights.IsEmpty ? loss : rowWeights[r] * loss;
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
            values[r] = (values[r] - Scaling.ToTarget(targets[r])) * scale;
        }
    }

    /// <inheritdoc/>
    public int PredictedClass(ReadOnlySpan<float> row) => -1;
}
