namespace MlNetTwoLayer;

/// <summary>How the learning rate changes over epochs.</summary>
public enum LearningRateSchedule
{
    /// <summary>The same rate every epoch.</summary>
    Constant = 0,

    /// <summary><c>lr / epoch^PowerT</c>, scikit-learn's <c>invscaling</c> counted in epochs.</summary>
    InverseScaling = 1,

    /// <summary>Multiply the rate by <c>PlateauFactor</c> when the monitored loss has not improved by more than <c>Tolerance</c> for <c>PlateauPatience</c> epochs.</summary>
    ReduceOnPlateau = 2,
}
