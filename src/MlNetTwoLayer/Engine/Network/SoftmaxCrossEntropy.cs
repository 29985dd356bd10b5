using System.Runtime.CompilerServices;
using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Engine.Network;

/// <summary>
/// The seed's softmax output and mean cross-entropy, made numerically stable: each row's maximum is
/// subtracted before <c>exp</c>, and the loss is <c>log Σ e^s - s_y</c> (log-sum-exp), so finite
/// scores never give NaN or Inf.
/// </summary>
internal static class SoftmaxCrossEntropy
{
    /// <summary>ln(2^-126): below it e^x is no longer a normal float32.</summary>
    private const float LogMinNormal = -87.33654f;

    /// <summary>Turns each row of scores into probabilities, in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Softmax(Span<float> scores, int rows, int classes)
    {
        for (int r = 0; r < rows; r++)
        {
            SoftmaxRow(scores.Slice(r * classes, classes));
        }
    }

    /// <summary>
    /// Softmax in place, returning the weighted sum over rows of <c>-log o[y]</c> computed by
    /// log-sum-exp from the scores (before they are overwritten). <paramref name="rowWeights"/> may be
    /// empty, meaning every weight is 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SoftmaxWithLoss(Span<float> scores, int rows, int classes, ReadOnlySpan<int> labels, ReadOnlySpan<float> rowWeights)
    {
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = scores.Slice(r * classes, classes);
            float correct = row[labels[r]];
            double logSumExp = SoftmaxRowLogSumExp(row);
            double loss = logSumExp - correct;
            total += rowWeights.IsEmpty ? loss : rowWeights[r] * loss;
        }
        return total;
    }

    /// <summary>
    /// The seed's <c>dscore = o - onehot(y)</c>, each row scaled by its weight over
    /// <paramref name="normalizer"/> (the seed's <c>/ n_samples</c>), in place over the probabilities.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gradient(Span<float> probabilities, int rows, int classes, ReadOnlySpan<int> labels, ReadOnlySpan<float> rowWeights, float normalizer)
    {
        float inverse = 1f / normalizer;
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = probabilities.Slice(r * classes, classes);
            row[labels[r]] -= 1f;
            float scale = rowWeights.IsEmpty ? inverse : rowWeights[r] * inverse;
            Numerics.VectorKernels.Scale(row, scale);
            // A tiny probability over a large batch underflows; flushed, it cannot slow the products.
            for (int k = 0; k < row.Length; k++)
            {
                row[k] = Subnormals.Flush(row[k]);
            }
        }
    }

    /// <summary>Stable softmax of one row in place.</summary>
    public static void SoftmaxRow(Span<float> row) => Normalize(row);

    /// <summary>Stable softmax of one row in place; returns log Σ e^s of the original scores.</summary>
    public static double SoftmaxRowLogSumExp(Span<float> row)
    {
        (float max, float sum) = Normalize(row);
        return max + Math.Log(sum);
    }

    /// <summary>row = e^(row - max) / Σ e^(row - max); returns the max and the sum, for log-sum-exp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (float Max, float Sum) Normalize(Span<float> row)
    {
        float max = float.NegativeInfinity;
        foreach (float v in row)
        {
            max = MathF.Max(max, v);
        }
        float sum = 0;
        for (int j = 0; j < row.Length; j++)
        {
            // Below ln(2^-126) e^x is subnormal, which the runtime's exp computes on a slow path (a
            // confident model hits it for most classes of most rows): it is 0 here, as is any
            // subnormal probability, so none reaches dscore and the products after it.
            float shifted = row[j] - max;
            float e = shifted < LogMinNormal ? 0f : MathF.Exp(shifted);
            row[j] = e;
            sum += e;
        }
        float inverse = 1f / sum;
        for (int j = 0; j < row.Length; j++)
        {
            row[j] = Subnormals.Flush(row[j] * inverse);
        }
        return (max, sum);
    }
}
