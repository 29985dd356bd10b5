namespace MlNetTwoLayer.Engine.Optimizers;

/// <summary>
/// An update rule for the rows of W1 that a sparse batch touched, with per-row state (moments,
/// velocities) kept for every row but read and written only for touched rows: a step costs what the
/// batch touched, not inputs x hidden. The dense tail (b1, W2, b2) is stepped by an ordinary
/// <see cref="IOptimizer"/> beside it.
/// </summary>
internal interface IRowOptimizer
{
    /// <summary>
    /// One step: updates W1 rows <paramref name="rows"/> (indices into <paramref name="w1"/>'s rows of
    /// <paramref name="hidden"/> values) from their compact gradient rows <paramref name="gradients"/>.
    /// Called once per training step, also when no row is touched, so step counts stay in line with
    /// the dense optimiser's.
    /// </summary>
    void Step(Span<float> w1, int hidden, ReadOnlySpan<int> rows, ReadOnlySpan<float> gradients, float learningRate);
}
