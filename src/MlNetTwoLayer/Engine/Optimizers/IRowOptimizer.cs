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
    /// One step: updates W1 rows <c>rows[0 .. count)</c> (W1 is the first inputs x hidden values of
    /// <paramref name="w1"/>) from their compact gradient rows in <paramref name="gradients"/>, with
    /// the L2 gradient λ·W of each touched row folded in (lazily: untouched rows are not decayed).
    /// Called once per training step, also when no row is touched, so step counts stay in line with
    /// the dense optimiser's. Rows are split over the threads of <paramref name="engine"/>; each row
    /// is updated by one thread, so the result does not depend on the thread count.
    /// </summary>
    void Step(float[] w1, int hidden, int[] rows, int count, float[] gradients, float learningRate, float l2, Numerics.GemmEngine engine);
}
