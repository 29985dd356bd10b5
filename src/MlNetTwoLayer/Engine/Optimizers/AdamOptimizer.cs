using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Engine.Optimizers;

/// <summary>
/// Adam, Algorithm 1 of Kingma and Ba (2015): <c>m = β1·m + (1-β1)·g</c>, <c>v = β2·v + (1-β2)·g²</c>,
/// <c>θ -= lr·m̂ / (√v̂ + ε)</c> with <c>m̂ = m/(1-β1^t)</c>, <c>v̂ = v/(1-β2^t)</c>, computed in the
/// paper's equivalent cheaper order (<see cref="AdamCoefficients"/>) by <see cref="OptimizerKernels.Adam"/>,
/// with L2 folded into <c>g</c>.
/// </summary>
internal sealed class AdamOptimizer : FusedOptimizer
{
    private readonly float _beta1, _beta2, _epsilon;
    private readonly LinePhasedBuffer _m, _v;
    private int _t;
    private AdamCoefficients _step;

    /// <summary>Creates Adam with zeroed moments for <paramref name="parameterCount"/> parameters.</summary>
    public AdamOptimizer(int parameterCount, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, WeightDecay? decay = null, GemmEngine? threads = null)
        : base(parameterCount, decay, threads)
    {
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = epsilon;
        _m = new LinePhasedBuffer(parameterCount);
        _v = new LinePhasedBuffer(parameterCount);
    }

    /// <summary>The first moments (for tests and diagnostics).</summary>
    internal ReadOnlySpan<float> FirstMoment => _m.Values;

    /// <summary>The second moments (for tests and diagnostics).</summary>
    internal ReadOnlySpan<float> SecondMoment => _v.Values;

    /// <inheritdoc/>
    protected override void BeginStep(float learningRate)
    {
        _t++;
        _step = new AdamCoefficients(_beta1, _beta2, _epsilon, learningRate, _t);
    }

    /// <inheritdoc/>
    protected override unsafe void Place(float* parameters, float* gradients)
    {
        float* m = _m.Place(parameters, [(nuint)parameters, (nuint)gradients]);
        _v.Place(parameters, [(nuint)parameters, (nuint)gradients, (nuint)m]);
    }

    /// <inheritdoc/>
    protected override void StepRange(Span<float> parameters, ReadOnlySpan<float> gradients, int start, float l2) =>
        OptimizerKernels.Adam(parameters, gradients, _m.Values.Slice(start, parameters.Length), _v.Values.Slice(start, parameters.Length), _step, l2);
}
