namespace MlNetTwoLayer.Engine.Optimizers;

/// <summary>Builds the lazy <see cref="IRowOptimizer"/> that matches an <see cref="OptimizerKind"/>.</summary>
internal static class RowOptimizerFactory
{
    /// <summary>Creates fresh state for <paramref name="length"/> values of W1.</summary>
    public static IRowOptimizer Create(OptimizerKind kind, int length, float momentum, float beta1, float beta2, float epsilon) => kind switch
    {
        OptimizerKind.GradientDescent => new LazyMomentumRows(length, 0, nesterov: false),
        OptimizerKind.ClassicalMomentum => new LazyMomentumRows(length, momentum, nesterov: false),
        OptimizerKind.Nesterov => new LazyMomentumRows(length, momentum, nesterov: true),
        OptimizerKind.Adam => new LazyAdamRows(length, beta1, beta2, epsilon),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown optimiser."),
    };
}
