namespace MlNetTwoLayer;

/// <summary>The update rule used by the trainer.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (Kingma and Ba, 2015): per-parameter steps from bias-corrected moment estimates. The default.</summary>
    Adam = 0,

    /// <summary>The seed's plain gradient descent, <c>W -= lr·dW</c>.</summary>
    GradientDescent = 1,

    /// <summary>Gradient descent with classical (heavy-ball) momentum (μ is the trainer's Momentum option).</summary>
    ClassicalMomentum = 2,

    /// <summary>Gradient descent with Nesterov momentum.</summary>
    Nesterov = 3,
}
