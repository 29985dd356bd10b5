namespace MlNetTwoLayer;

/// <summary>How the weights W1 and W2 are drawn before training. Biases always start at zero.</summary>
public enum WeightInitialization
{
    /// <summary>He (Kaiming) uniform: U(-a, a) with a = sqrt(6 / fan_in). Suited to ReLU; the default.</summary>
    He = 0,

    /// <summary>Glorot (Xavier) uniform: U(-a, a) with a = sqrt(6 / (fan_in + fan_out)). Suited to tanh and sigmoid.</summary>
    Glorot = 1,

    /// <summary>
    /// Scaled uniform σ·U[0, 1) with σ = 0.01: the seed notebook's <c>sig * np.random.rand</c>
    /// (named for what it draws; it has nothing to do with the random seed).
    /// </summary>
    ScaledUniform = 2,
}
