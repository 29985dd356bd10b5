namespace MlNetTwoLayer.Engine.Optimizers;

/// <summary>
/// Lazy (sparse) Adam for W1 rows, as PyTorch's <c>SparseAdam</c> and TensorFlow Addons' <c>LazyAdam</c>
/// do it: the step count t advances every step (so bias corrections match dense Adam's), but a row's
/// moments are decayed and its weights moved only in steps whose batch touches it. A row that is
/// touched in every step therefore follows dense Adam exactly; a rare feature's moments are not
/// decayed while it is absent, which is what makes the step O(touched rows x hidden). The update is
/// <see cref="AdamOptimizer"/>'s (Kingma and Ba's Algorithm 1, ε added to √v̂).
/// </summary>
internal sealed class LazyAdamRows : IRowOptimizer
{
    private readonly float _beta1, _beta2, _epsilon;
    private readonly float[] _m, _v;
    private int _t;

    /// <summary>Zeroed moments for <paramref name="length"/> values of W1.</summary>
    public LazyAdamRows(int length, float beta1, float beta2, float epsilon)
    {
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = epsilon;
        _m = new float[length];
        _v = new float[length];
    }

    /// <inheritdoc/>
    public void Step(Span<float> w1, int hidden, ReadOnlySpan<int> rows, ReadOnlySpan<float> gradients, float learningRate)
    {
        _t++;
        float correction1 = 1f - (float)Math.Pow(_beta1, _t);
        float correction2 = 1f - (float)Math.Pow(_beta2, _t);
        float b1 = _beta1, b2 = _beta2;
        for (int c = 0; c < rows.Length; c++)
        {
            int offset = rows[c] * hidden;
            Span<float> w = w1.Slice(offset, hidden);
            Span<float> m = _m.AsSpan(offset, hidden), v = _v.AsSpan(offset, hidden);
            ReadOnlySpan<float> g = gradients.Slice(c * hidden, hidden);
            for (int i = 0; i < hidden; i++)
            {
                float gi = g[i];
                m[i] = b1 * m[i] + (1f - b1) * gi;
                v[i] = b2 * v[i] + (1f - b2) * gi * gi;
                float mHat = m[i] / correction1;
                float vHat = v[i] / correction2;
                w[i] -= learningRate * mHat / (MathF.Sqrt(vHat) + _epsilon);
            }
        }
    }
}
