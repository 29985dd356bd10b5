using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Engine.Optimizers;

/// <summary>
/// <c>W -= lr·dW</c>, optionally with momentum: <c>v = μ·v - lr·dW</c>, then <c>W += v</c>
/// (classical) or <c>W += μ·v - lr·dW</c> (Nesterov), as scikit-learn's SGD solver writes them.
/// </summary>
internal sealed class GradientDescentOptimizer : IOptimizer
{
    private readonly float _momentum;
    private readonly bool _nesterov;
    private readonly float[] _velocity;

    /// <summary>Plain gradient descent when <paramref name="momentum"/> is 0.</summary>
    public GradientDescentOptimizer(int parameterCount, float momentum = 0, bool nesterov = false)
    {
        _momentum = momentum;
        _nesterov = nesterov;
        _velocity = momentum == 0 ? [] : new float[parameterCount];
    }

    /// <inheritdoc/>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate)
    {
        if (_momentum == 0)
        {
            // Exactly the seed's update, so full-batch training reproduces the notebook.
            Numerics.VectorKernels.AddScaled(parameters, gradients, -learningRate);
            return;
        }
        Span<float> v = _velocity;
        for (int i = 0; i < parameters.Length; i++)
        {
            float step = -learningRate * gradients[i];
            v[i] = _momentum * v[i] + step;
            parameters[i] += _nesterov ? _momentum * v[i] + step : v[i];
        }
    }
}
