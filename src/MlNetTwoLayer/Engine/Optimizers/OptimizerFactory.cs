using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Engine.Optimizers;

/// <summary>Builds the <see cref="IOptimizer"/> an <see cref="OptimizerKind"/> names.</summary>
internal static class OptimizerFactory
{
    /// <summary>
    /// Creates a fresh optimiser (zeroed state) for <paramref name="parameterCount"/> parameters, with
    /// L2 folded in where <paramref name="decay"/> says, stepping on <paramref name="threads"/>' workers.
    /// </summary>
    public static IOptimizer Create(OptimizerKind kind, int parameterCount, float momentum, float beta1, float beta2, float epsilon,
        WeightDecay? decay = null, GemmEngine? threads = null) => kind switch
    {
        OptimizerKind.GradientDescent => new GradientDescentOptimizer(parameterCount, decay: decay, threads: threads),
        OptimizerKind.ClassicalMomentum => new GradientDescentOptimizer(parameterCount, momentum, decay: decay, threads: threads),
        OptimizerKind.Nesterov => new GradientDescentOptimizer(parameterCount, momentum, nesterov: true, decay: decay, threads: threads),
        OptimizerKind.Adam => new AdamOptimizer(parameterCount, beta1, beta2, epsilon, decay, threads),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown optimiser."),
    };
}
