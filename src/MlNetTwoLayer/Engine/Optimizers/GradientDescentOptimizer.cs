using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Engine.Optimizers;

/// <summary>
/// <c>W -= lr·dW</c>, optionally with momentum: <c>v = μ·v - lr·dW</c>, then <c>W += v</c>
/// (classical) or <c>W += μ·v - lr·dW</c> (Nesterov), as scikit-learn's SGD solver writes them;
/// L2 folded into dW (<see cref="OptimizerKernels"/>).
/// </summary>
internal sealed class GradientDescentOptimizer : FusedOptimizer
{
    private readonly float _momentum;
    private readonly bool _nesterov;
    private readonly LinePhasedBuffer _velocity;
    private float _learningRate;

    /// <summary>Plain gradient descent when <paramref name="momentum"/> is 0.</summary>
    public GradientDescentOptimizer(int parameterCount, float momentum = 0, bool nesterov = false, WeightDecay? decay = null, GemmEngine? threads = null)
        : base(parameterCount, decay, threads)
    {
        _momentum = momentum;
        _nesterov = nesterov;
        _velocity = new LinePhasedBuffer(momentum == 0 ? 0 : parameterCount);
    }

    /// <summary>The velocities (empty without momentum; for tests and diagnostics).</summary>
    internal ReadOnlySpan<float> Velocity => _velocity.Values;

    /// <inheritdoc/>
    protected override unsafe void Place(float* parameters, float* gradients) => _velocity.Place(parameters, [(nuint)parameters, (nuint)gradients]);

    /// <inheritdoc/>
    protected override void BeginStep(float learningRate) => _learningRate = learningRate;

    /// <inheritdoc/>
    protected override void StepRange(Span<float> parameters, ReadOnlySpan<float> gradients, int start, float l2)
    {
        if (_momentum == 0)
        {
            // Exactly the seed's update (θ + (-lr)·g), so full-batch training reproduces the notebook.
            OptimizerKernels.GradientDescent(parameters, gradients, _learningRate, l2);
            return;
        }
        OptimizerKernels.Momentum(parameters, gradients, _velocity.Values.Slice(start, parameters.Length), _learningRate, _momentum, _nesterov, l2);
    }
}
