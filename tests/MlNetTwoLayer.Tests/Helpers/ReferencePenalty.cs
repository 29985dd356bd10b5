using MlNetTwoLayer.Engine.Network;

namespace MlNetTwoLayer.Tests.Helpers;

/// <summary>The L2 penalty (λ/2)·(‖W1‖² + ‖W2‖²) in double, written out for the gradient checks' references.</summary>
public static class ReferencePenalty
{
    /// <summary>The penalty of the flat parameters <paramref name="theta"/> laid out as <paramref name="shape"/> lays them out.</summary>
    internal static double L2(double[] theta, NetworkShape shape, double lambda)
    {
        double penalty = 0;
        for (int i = 0; i < shape.W1Length; i++)
        {
            penalty += theta[i] * theta[i];
        }
        for (int i = 0; i < shape.W2Length; i++)
        {
            penalty += theta[shape.W2Offset + i] * theta[shape.W2Offset + i];
        }
        return 0.5 * lambda * penalty;
    }
}
