namespace MlNetTwoLayer;

/// <summary>What happened while a model trained: the loss curves, the best epoch and why training stopped.</summary>
public sealed class TrainingHistory
{
    /// <summary>Creates a history.</summary>
    public TrainingHistory(IReadOnlyList<double> trainingLoss, IReadOnlyList<double> validationLoss, IReadOnlyList<double> validationAccuracy,
        int bestEpoch, StopReason stopReason, TimeSpan elapsed)
    {
        TrainingLoss = trainingLoss;
        ValidationLoss = validationLoss;
        ValidationAccuracy = validationAccuracy;
        BestEpoch = bestEpoch;
        StopReason = stopReason;
        Elapsed = elapsed;
    }

    /// <summary>Training loss per epoch (index 0 is epoch 1).</summary>
    public IReadOnlyList<double> TrainingLoss { get; }

    /// <summary>Validation loss per epoch; empty without validation data.</summary>
    public IReadOnlyList<double> ValidationLoss { get; }

    /// <summary>Validation accuracy per epoch; empty without validation data.</summary>
    public IReadOnlyList<double> ValidationAccuracy { get; }

    /// <summary>
    /// The 1-based epoch whose weights the model holds: the lowest validation loss when there is
    /// validation data (the best weights are restored), else the last epoch.
    /// </summary>
    public int BestEpoch { get; }

    /// <summary>Why training ended.</summary>
    public StopReason StopReason { get; }

    /// <summary>Number of epochs run.</summary>
    public int EpochsRun => TrainingLoss.Count;

    /// <summary>Wall-clock training time.</summary>
    public TimeSpan Elapsed { get; }
}
