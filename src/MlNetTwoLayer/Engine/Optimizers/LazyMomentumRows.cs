namespace MlNetTwoLayer.Engine.Optimizers;

/// <summary>
/// Sparse gradient descent for W1 rows, with optional momentum applied lazily: a touched row takes
/// <see cref="GradientDescentOptimizer"/>'s step (<c>v = μ·v - lr·g</c>, then <c>W += v</c>, or Nesterov's
/// <c>W += μ·v - lr·g</c>); an untouched row keeps its weights and velocity, as TensorFlow's sparse
/// momentum update does (dense momentum would keep moving it by its decaying velocity). Without
/// momentum this is exact: an untouched row's gradient is zero.
/// </summary>
internal sealed class LazyMomentumRows : IRowOptimizer
{
    private readonly float _momentum;
    private readonly bool _nesterov;
    private readonly float[] _velocity;

    /// <summary>Plain sparse gradient descent when <paramref name="momentum"/> is 0.</summary>
    public LazyMomentumRows(int length, float momentum, bool nesterov)
    {
        _momentum = momentum;
        _nesterov = nesterov;
        _velocity = momentum == 0 ? [] : new float[length];
    }

    /// <inheritdoc/>
    public void Step(Span<float> w1, int hidden, ReadOnlySpan<int> rows, ReadOnlySpan<float> gradients, float learningRate)
    {
        for (int c = 0; c < rows.Length; c++)
        {
            int offset = rows[c] * hidden;
            Span<float> w = w1.Slice(offset, hidden);
            ReadOnlySpan<float> g = gradients.Slice(c * hidden, hidden);
            if (_momentum == 0)
            {
                Numerics.VectorKernels.AddScaled(w, g, -learningRate);
                continue;
            }
            Span<float> v = _velocity.AsSpan(offset, hidden);
            for (int i = 0; i < hidden; i++)
            {
                float step = -learningRate * g[i];
                v[i] = _momentum * v[i] + step;
                w[i] += _nesterov ? _momentum * v[i] + step : v[i];
            }
        }
    }
}
