using MlNetTwoLayer.Engine.Numerics;


namespace MlNetTwoLayer.Engine.Network;

/// <summary>
/// The forward pass for one row with caller-provided buffers, for prediction engines and single
/// calls: no workspace, no allocation. Rows come dense, or as their non-zeros (text, one-hot).
/// </summary>
internal static class SingleRowScorer
{
    /// <summary>probabilities = softmax(f(x·W1 + b1)·W2 + b2).</summary>
    public static void Score(NetworkParameters p, HiddenActivation activation, ReadOnlySpan<float> x, Span<float> hidden, Span<float> probabilities)
    {
        NetworkShape s = p.Shape;
        if (!VectorKernels.AllFinite(x))
        {
            // ML.NET's own trainers also score missing features as NaN rather than guess.
            probabilities.Fill(float.NaN);
            return;
        }
        // h = f(x·W1 + b1); scores = h·W2 + b2 (the bias is added after the activation's input sum,
        // as in training: z = x·W1, then f(z + b1)).
        VectorMatrixProduct.Multiply(x, p.W1, s.Inputs, s.Hidden, default, hidden);
        ScoreFromFirstLayer(p, activation, hidden, probabilities);
    }

    /// <summary>
    /// The same for a sparse row given as its non-zeros (indices in [0, inputs), checked by the
    /// caller): x·W1 sums the W1 rows of the non-zeros, so the cost is O(non-zeros x hidden).
    /// </summary>
    public static void ScoreSparse(NetworkParameters p, HiddenActivation activation, ReadOnlySpan<int> indices, ReadOnlySpan<float> values,
        Span<float> hidden, Span<float> probabilities)
    {
        NetworkShape s = p.Shape;
        if (!VectorKernels.AllFinite(values))
        {
            probabilities.Fill(float.NaN);
            return;
        }
        ReadOnlySpan<float> w1 = p.W1;
        hidden.Clear();
        for (int k = 0; k < indices.Length; k++)
        {
            SparseKernels.AddScaledRow(hidden, w1.Slice(indices[k] * s.Hidden, s.Hidden), values[k]);
        }
        ScoreFromFirstLayer(p, activation, hidden, probabilities);
    }

    private static void ScoreFromFirstLayer(NetworkParameters p, HiddenActivation activation, Span<float> hidden, Span<float> probabilities)
    {
        NetworkShape s = p.Shape;
        Activations.BiasForward(activation, hidden, 1, s.Hidden, p.B1);
        VectorMatrixProduct.Multiply(hidden, p.W2, s.Hidden, s.Classes, p.B2, probabilities);
        SoftmaxCrossEntropy.SoftmaxRow(probabilities);
    }
}
