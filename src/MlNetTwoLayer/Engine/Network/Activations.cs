using System.Runtime.CompilerServices;
using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Engine.Network;

/// <summary>
/// Forward and backward of each <see cref="HiddenActivation"/>, side by side. Every derivative is
/// written in terms of the activation's output h, so the backward pass needs no copy of z.
/// </summary>
internal static class Activations
{
    /// <summary>The negative slope of <see cref="HiddenActivation.LeakyRelu"/>.</summary>
    public const float LeakySlope = 0.01f;

    /// <summary>h = f(z + bias) for every row of a rows x cols matrix, in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BiasForward(HiddenActivation kind, Span<float> z, int rows, int cols, ReadOnlySpan<float> bias)
    {
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = z.Slice(r * cols, cols);
            switch (kind)
            {
                case HiddenActivation.Relu:
                    Numerics.VectorKernels.AddBiasRelu(row, bias);
                    break;
                case HiddenActivation.LeakyRelu:
                    for (int j = 0; j < cols; j++)
                    {
                        float v = row[j] + bias[j];
                        row[j] = v > 0 ? v : LeakySlope * v;
                    }
                    break;
                case HiddenActivation.Tanh:
                    for (int j = 0; j < cols; j++)
                    {
                        row[j] = MathF.Tanh(row[j] + bias[j]);
                    }
                    break;
                case HiddenActivation.Sigmoid:
                    for (int j = 0; j < cols; j++)
                    {
                        row[j] = Sigmoid(row[j] + bias[j]);
                    }
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown hidden activation.");
            }
        }
    }

    /// <summary>dh *= f'(z), using h = f(z); for ReLU this is the seed's <c>dh[h &lt;= 0] = 0</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Backward(HiddenActivation kind, Span<float> dh, ReadOnlySpan<float> h)
    {
        switch (kind)
        {
            case HiddenActivation.Relu:
                Numerics.VectorKernels.ReluMask(dh, h);
                break;
            case HiddenActivation.LeakyRelu:
                for (int i = 0; i < dh.Length; i++)
                {
                    if (h[i] <= 0)
                    {
                        dh[i] *= LeakySlope;
                    }
                }
                break;
            case HiddenActivation.Tanh:
                for (int i = 0; i < dh.Length; i++)
                {
                    dh[i] *= 1f - h[i] * h[i];
                }
                break;
            case HiddenActivation.Sigmoid:
                for (int i = 0; i < dh.Length; i++)
                {
                    dh[i] *= h[i] * (1f - h[i]);
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown hidden activation.");
        }
    }

    /// <summary>The logistic function, written so that neither branch overflows.</summary>
    public static float Sigmoid(float z)
    {
        if (z >= 0)
        {
            return 1f / (1f + MathF.Exp(-z));
        }
        float e = MathF.Exp(z);
        return e / (1f + e);
    }
}
