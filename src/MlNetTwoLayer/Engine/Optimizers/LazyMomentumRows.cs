using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Engine.Optimizers;

/// <summary>
/// Sparse gradient descent for W1 rows, with optional momentum applied lazily: a touched row takes
/// <see cref="GradientDescentOptimizer"/>'s step (<c>v = μ·v - lr·g</c>, then <c>W += v</c>, or Nesterov's
/// <c>W += μ·v - lr·g</c>); an untouched row keeps its weights and velocity, as TensorFlow's sparse
/// momentum update does (dense momentum would keep moving it by its decaying velocity). Without
/// momentum (and without L2) this is exact: an untouched row's gradient is zero.
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
    public void Step(float[] w1, int hidden, int[] rows, int count, float[] gradients, float learningRate, float l2, GemmEngine engine)
        => ParallelRanges.For(engine, count, (long)count * hidden * 4, (from, to) => StepRows(w1, hidden, rows, from, to, gradients, learningRate, l2));

    private void StepRows(float[] w1, int hidden, int[] rows, int from, int to, float[] gradients, float learningRate, float l2)
    {
        for (int c = from; c < to; c++)
        {
            int offset = rows[c] * hidden;
            Span<float> w = w1.AsSpan(offset, hidden);
            ReadOnlySpan<float> g = gradients.AsSpan(c * hidden, hidden);
            if (_momentum == 0)
            {
                // W -= lr·(g + λ·W), as two SIMD passes over the row.
                if (l2 != 0)
                {
                    Numerics.VectorKernels.Scale(w, 1f - learningRate * l2);
                }
                Numerics.VectorKernels.AddScaled(w, g, -learningRate);
                continue;
            }
            Span<float> v = _velocity.AsSpan(offset, hidden);
            for (int i = 0; i < hidden; i++)
            {
                float step = -learningRate * (g[i] + l2 * w[i]);
                v[i] = _momentum * v[i] + step;
                w[i] += _nesterov ? _momentum * v[i] + step : v[i];
            }
        }
    }
}
