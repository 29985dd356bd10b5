namespace MlNetTwoLayer.Engine.Optimizers;

/// <summary>
/// Adam, Algorithm 1 of Kingma and Ba (2015): <c>m = β1·m + (1-β1)·g</c>, <c>v = β2·v + (1-β2)·g²</c>,
/// <c>θ -= lr·m̂ / (√v̂ + ε)</c> with <c>m̂ = m/(1-β1^t)</c>, <c>v̂ = v/(1-β2^t)</c>.
/// </summary>
internal sealed class AdamOptimizer : IOptimizer
{
    private readonly float _beta1, _beta2, _epsilon;
    private readonly float[] _m, _v;
    private int _t;

    /// <summary>Creates Adam with zeroed moments for <paramref name="parameterCount"/> parameters.</summary>
    public AdamOptimizer(int parameterCount, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
    {
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = epsilon;
        _m = new float[parameterCount];
        _v = new float[parameterCount];
    }

    /// <inheritdoc/>
    public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate)
    {
        _t++;
        float correction1 = 1f - (float)Math.Pow(_beta1, _t);
        float correction2 = 1f - (float)Math.Pow(_beta2, _t);
        float b1 = _beta1, b2 = _beta2;
        Span<float> m = _m, v = _v;
        for (int i = 0; i < parameters.Length; i++)
        {
            float g = gradients[i];
            m[i] = b1 * m[i] + (1f - b1) * g;
            v[i] = b2 * v[i] + (1f - b2) * g * g;
            float mHat = m[i] / correction1;
            float vHat = v[i] / correction2;
            parameters[i] -= learningRate * mHat / (MathF.Sqrt(vHat) + _epsilon);
        }
    }
}
