namespace MlNetTwoLayer;

/// <summary>How each class's rows are weighted in the loss, for imbalanced data.</summary>
public enum ClassWeighting
{
    /// <summary>Every class weighs the same (rows still carry their example weights).</summary>
    None = 0,

    /// <summary>Weights inversely proportional to class frequency, <c>n / (classes · n_c)</c>, as scikit-learn's <c>"balanced"</c>.</summary>
    Balanced = 1,
}
