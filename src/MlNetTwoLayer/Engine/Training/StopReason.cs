namespace MlNetTwoLayer;

/// <summary>Why training ended.</summary>
public enum StopReason
{
    /// <summary>All <c>NumberOfEpochs</c> ran.</summary>
    MaximumEpochsReached = 0,

    /// <summary>The monitored loss (validation loss when there is validation data, else training loss) did not improve by more than <c>Tolerance</c> for <c>Patience</c> epochs.</summary>
    NoImprovement = 1,
}
