namespace MlNetTwoLayer.Engine.Optimizers;

/// <summary>Builds the <see cref="IOptimizer"/> an <see cref="OptimizerKind"/> names.</summary>
internal static class OptimizerFactory
{
    /// <summary>Creates a fresh optimiser (zeroed state) for <paramref name="parameterCount"/> parameters.</summary>
    public static IOptimizer Create(OptimizerKind kind, int parameterCount, float momentum, float beta1, float beta2, float epsilon) => kind switch
    {
        OptimizerKind.GradientDescent => new GradientDescentOptimizer(parameterCount),
        OptimizerKind.ClassicalMomentum => new GradientDescentOptimizer(parameterCount, momentum),
        OptimizerKind.Nesterov => new GradientDescentOptimizer(parameterCount, momentum, nesterov: true),
        OptimizerKind.Adam => new AdamOptimizer(parameterCount, beta1, beta2, epsilon),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown optimiser."),
    };
}
