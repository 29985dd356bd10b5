namespace MlNetTwoLayer.Engine.Optimizers;

/// <summary>
/// The per-step constants of Adam in the paper's "more efficient" order (Kingma and Ba, end of
/// section 2): <c>θ -= α_t·m / (√v + ε̂)</c> with <c>α_t = α·√(1-β2^t)/(1-β1^t)</c> and
/// <c>ε̂ = ε·√(1-β2^t)</c>, the same update as Algorithm 1 without two divisions per weight.
/// </summary>
internal readonly struct AdamCoefficients
{
    /// <summary>The constants of step <paramref name="t"/> (1-based).</summary>
    public AdamCoefficients(float beta1, float beta2, float epsilon, float learningRate, int t)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        OneMinusBeta1 = 1f - beta1;
        OneMinusBeta2 = 1f - beta2;
        double correction1 = 1 - Math.Pow(beta1, t);
        double root2 = Math.Sqrt(1 - Math.Pow(beta2, t));
        StepSize = (float)(learningRate * root2 / correction1);
        Epsilon = (float)(epsilon * root2);
    }

    /// <summary>β1, the first moment's decay.</summary>
    public float Beta1 { get; }

    /// <summary>β2, the second moment's decay.</summary>
    public float Beta2 { get; }

    /// <summary>1 - β1.</summary>
    public float OneMinusBeta1 { get; }

    /// <summary>1 - β2.</summary>
    public float OneMinusBeta2 { get; }

    /// <summary>α_t: the learning rate with both bias corrections folded in.</summary>
    public float StepSize { get; }

    /// <summary>ε̂ = ε·√(1-β2^t).</summary>
    public float Epsilon { get; }
}
