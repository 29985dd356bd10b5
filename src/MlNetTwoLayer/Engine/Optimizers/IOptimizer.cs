namespace MlNetTwoLayer.Engine.Optimizers;

/// <summary>
/// One update rule over flat parameter and gradient spans. An optimiser knows nothing of layers;
/// its state (velocities, moments) is allocated once, at construction.
/// </summary>
internal interface IOptimizer
{
    /// <summary>
    /// Updates <paramref name="parameters"/> in place from <paramref name="gradients"/>, with the L2
    /// term the optimiser was built with folded in; no value it stores is subnormal.
    /// </summary>
    void Step(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate);
}
