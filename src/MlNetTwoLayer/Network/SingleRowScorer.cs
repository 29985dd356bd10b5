using MlNetTwoLayer.Numerics;

namespace MlNetTwoLayer.Network;

/// <summary>
/// The forward pass for one row with caller-provided buffers, for prediction engines and single
/// calls: no workspace, no allocation.
/// </summary>
internal static class SingleRowScorer
{
    /// <summary>probabilities = softmax(f(x·W1 + b1)·W2 + b2).</summary>
    public static void Score(NetworkParameters p, HiddenActivation activation, ReadOnlySpan<float> x, Span<float> hidden, Span<float> probabilities)
    {
        NetworkShape s = p.Shape;
        if (HasNonFinite(x))
        {
            // ML.NET's own trainers also score missing features as NaN rather than guess.
            probabilities.Fill(float.NaN);
            return;
        }
        ReadOnlySpan<float> w1 = p.W1;
        hidden.Clear();
        for (int i = 0; i < s.Inputs; i++)
        {
            float xi = x[i];
            if (xi != 0)
            {
                VectorKernels.AddScaled(hidden, w1.Slice(i * s.Hidden, s.Hidden), xi);
            }
        }
        Activations.BiasForward(activation, hidden, 1, s.Hidden, p.B1);
        ReadOnlySpan<float> b2 = p.B2;
        b2.CopyTo(probabilities);
        ReadOnlySpan<float> w2 = p.W2;
        for (int j = 0; j < s.Hidden; j++)
        {
            float hj = hidden[j];
            if (hj != 0)
            {
                VectorKernels.AddScaled(probabilities, w2.Slice(j * s.Classes, s.Classes), hj);
            }
        }
        SoftmaxCrossEntropy.SoftmaxRow(probabilities);
    }

    private static bool HasNonFinite(ReadOnlySpan<float> x)
    {
        foreach (float v in x)
        {
            if (!float.IsFinite(v))
            {
                return true;
            }
        }
        return false;
    }
}
