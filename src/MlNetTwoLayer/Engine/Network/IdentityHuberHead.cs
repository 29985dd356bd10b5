namespace MlNetTwoLayer.Engine.Network;

/// <summary>
/// Regression with the Huber loss on the standardised target: <c>½r²</c> for <c>|r| ≤ δ</c>, else
/// <c>δ(|r| - ½δ)</c>, with <c>r = s - t</c>; its gradient is <c>r</c> clipped to [-δ, δ], so an
/// outlying label pulls no harder than one δ away. Predictions as <see cref="IdentitySquaredErrorHead"/>.
/// </summary>
internal sealed class IdentityHuberHead : IOutputHead
{
    /// <summary>A Huber head with threshold <paramref name="delta"/> (in standardised units) learning labels through <paramref name="scaling"/>.</summary>
    public IdentityHuberHead(TargetScaling scaling, float delta)
    {
        if (!scaling.IsValid)
        {
            throw new ArgumentOutOfRangeException(nameof(scaling), scaling, "The label scaling must be finite with a positive scale.");
        }
        if (!(float.IsFinite(delta) && delta > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "The Huber threshold must be a positive finite number.");
        }
        Scaling = scaling;
        Delta = delta;
    }

    /// <inheritdoc/>
    public OutputHeadKind Kind => OutputHeadKind.IdentityHuber;

    /// <inheritdoc/>
    public bool IsClassifier => false;

    /// <inheritdoc/>
    public TargetScaling Scaling { get; }

    /// <summary>The residual beyond which the loss grows linearly.</summary>
    public float Delta { get; }

    /// <inheritdoc/>
    public int OutputCount(int classes) => 1;

    /// <inheritdoc/>
    public void Predict(Span<float> scores, int rows, int outputs) => RegressionHeads.ToLabels(Scaling, scores, rows);

    /// <inheritdoc/>
    public double ForwardLoss(Span<float> scores, int rows, int outputs, ReadOnlySpan<int> labels, ReadOnlySpan<float> targets, ReadOnlySpan<float> rowWeights)
    {
        double total = 0, delta = Delta;
        for (int r = 0; r < rows; r++)
        {
            double a = Math.Abs(scores[r] - (double)Scaling.ToTarget(targets[r]));
            double loss = a <= delta ? 0.5 * a * a : delta * (a - 0.5 * delta);
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
            values[r] = Math.Clamp(values[r] - Scaling.ToTarget(targets[r]), -Delta, Delta) * scale;
        }
    }

    /// <inheritdoc/>
    public int PredictedClass(ReadOnlySpan<float> row) => -1;
}
