namespace MlNetTwoLayer.Engine.Network;

/// <summary>
/// The part of the network that differs between tasks: how the output layer's scores
/// <c>s = h·W2 + b2</c> become predictions, the loss against a row's label, and the loss's gradient
/// with respect to <c>s</c> (<c>dscore</c>). Everything before <c>s</c> — the hidden layer, the
/// backward pass through it, optimisers, training — is shared by every head.
/// </summary>
/// <remarks>
/// Buffers hold <c>rows x outputs</c> values, row-major. Labels are class indices (classifiers);
/// targets are real values (regression). A head reads only the one it needs; the other may be empty.
/// Row weights may be empty, meaning every weight is 1.
/// </remarks>
internal interface IOutputHead
{
    /// <summary>The code saved in model files.</summary>
    OutputHeadKind Kind { get; }

    /// <summary>True when the head predicts a class (so accuracy means something).</summary>
    bool IsClassifier { get; }

    /// <summary>How the head turns labels into its training targets (regression's standardisation); identity for classifiers.</summary>
    TargetScaling Scaling { get; }

    /// <summary>Output units the network needs for data of <paramref name="classes"/> classes (1 for regression data).</summary>
    /// <exception cref="ArgumentException">The head cannot learn that many classes.</exception>
    int OutputCount(int classes);

    /// <summary>Scores to predictions, in place: probabilities, or values in the label's units.</summary>
    void Predict(Span<float> scores, int rows, int outputs);

    /// <summary>
    /// Overwrites the scores, in place, with what <see cref="Gradient"/> and <see cref="PredictedClass"/>
    /// read (probabilities for classifiers, the scores themselves for regression), and returns the
    /// weighted sum over rows of the loss, computed from the scores before they are overwritten so
    /// that large scores never give NaN or Inf.
    /// </summary>
    double ForwardLoss(Span<float> scores, int rows, int outputs, ReadOnlySpan<int> labels, ReadOnlySpan<float> targets, ReadOnlySpan<float> rowWeights);

    /// <summary>
    /// <c>dscore = ∂loss/∂s</c> after <see cref="ForwardLoss"/> on the same rows, each row scaled by
    /// its weight over <paramref name="normalizer"/> (the seed's <c>/ n_samples</c>), in place.
    /// </summary>
    void Gradient(Span<float> values, int rows, int outputs, ReadOnlySpan<int> labels, ReadOnlySpan<float> targets, ReadOnlySpan<float> rowWeights, float normalizer);

    /// <summary>The class one row's <see cref="ForwardLoss"/> output predicts; -1 for regression.</summary>
    int PredictedClass(ReadOnlySpan<float> row);
}
