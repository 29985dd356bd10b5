using MlNetTwoLayer.Engine.Numerics;

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

    /// <summary>
    /// <see cref="Step(Span{float}, ReadOnlySpan{float}, float)"/>, and every band of <paramref name="alongside"/>
    /// (work that touches neither buffer, such as gathering the next batch), run together where the
    /// optimiser has threads to share; by default one after the other.
    /// </summary>
    void Step(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, IGemmParallelJob? alongside)
    {
        Step(parameters, gradients, learningRate);
        if (alongside != null)
        {
            for (int band = 0; band < alongside.Bands; band++)
            {
                alongside.Execute(band, 0);
            }
        }
    }
}
