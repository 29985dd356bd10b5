namespace MlNetTwoLayer;

/// <summary>The loss <see cref="TwoLayerRegressionTrainer"/> minimises.</summary>
public enum TwoLayerRegressionLoss
{
    /// <summary>Half the squared error: predicts the conditional mean; RMSE's loss.</summary>
    SquaredError = 0,

    /// <summary>
    /// The Huber loss: squared within <see cref="TwoLayerRegressionTrainer.Options.HuberDelta"/> of the
    /// label, linear beyond, so outlying labels pull no harder than that distance.
    /// </summary>
    Huber = 1,
}
