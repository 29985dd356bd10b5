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

    /// <summary>Wall-clock training time (of every member, for an ensemble).</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>
    /// One history per network trained: a single entry, this history, unless
    /// <see cref="TwoLayerOptionsBase.EnsembleSize"/> is above 1; then one per ensemble member, in
    /// training order, and this history's curves, best epoch and stop reason are the first member's.
    /// </summary>
    public IReadOnlyList<TrainingHistory> Members => _members ?? [this];

    private IReadOnlyList<TrainingHistory>? _members;

    /// <summary>The history of an ensemble: the first member's curves, the total time, and every member's history.</summary>
    internal static TrainingHistory ForEnsemble(IReadOnlyList<TrainingHistory> members, TimeSpan elapsed)
    {
        TrainingHistory first = members[0];
        return new TrainingHistory(first.TrainingLoss, first.ValidationLoss, first.ValidationAccuracy, first.BestEpoch, first.StopReason, elapsed)
        {
            _members = members.Count == 1 ? null : members.ToArray(),
        };
    }
}
