namespace MlNetTwoLayer;

/// <summary>What one finished epoch measured, as given to <see cref="TwoLayerTrainer.Options.Progress"/>.</summary>
public sealed class TrainingProgress
{
    /// <summary>Creates a report.</summary>
    public TrainingProgress(int epoch, int numberOfEpochs, double trainingLoss, double? validationLoss, double? validationAccuracy, TimeSpan elapsed)
    {
        Epoch = epoch;
        NumberOfEpochs = numberOfEpochs;
        TrainingLoss = trainingLoss;
        ValidationLoss = validationLoss;
        ValidationAccuracy = validationAccuracy;
        Elapsed = elapsed;
    }

    /// <summary>The epoch just finished, from 1.</summary>
    public int Epoch { get; }

    /// <summary>The most epochs this run may take.</summary>
    public int NumberOfEpochs { get; }

    /// <summary>Mean weighted cross-entropy over the epoch's mini-batches (measured before each step), plus the L2 penalty.</summary>
    public double TrainingLoss { get; }

    /// <summary>Mean cross-entropy on the validation data after the epoch, when there is validation data.</summary>
    public double? ValidationLoss { get; }

    /// <summary>Accuracy on the validation data after the epoch, when there is validation data.</summary>
    public double? ValidationAccuracy { get; }

    /// <summary>Time since training started.</summary>
    public TimeSpan Elapsed { get; }
}
