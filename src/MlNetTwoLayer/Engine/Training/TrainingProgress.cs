namespace MlNetTwoLayer;

/// <summary>
/// What one finished epoch measured, as given to <see cref="TwoLayerOptionsBase.Progress"/>. The
/// training loop itself reports it (it holds no ML.NET type), so users see what the loop saw,
/// including the learning rate a schedule chose. A struct, so reporting allocates nothing per epoch.
/// </summary>
public readonly struct TrainingProgress
{
    /// <summary>Creates a report.</summary>
    public TrainingProgress(int epoch, int numberOfEpochs, double trainingLoss, double? validationLoss, double? validationAccuracy, float learningRate, TimeSpan elapsed)
    {
        Epoch = epoch;
        NumberOfEpochs = numberOfEpochs;
        TrainingLoss = trainingLoss;
        ValidationLoss = validationLoss;
        ValidationAccuracy = validationAccuracy;
        LearningRate = learningRate;
        Elapsed = elapsed;
    }

    /// <summary>The epoch just finished, from 1.</summary>
    public int Epoch { get; }

    /// <summary>The most epochs this run may take.</summary>
    public int NumberOfEpochs { get; }

    /// <summary>Mean weighted cross-entropy over the epoch's mini-batches (measured before each step), plus the L2 penalty.</summary>
    public double TrainingLoss { get; }

    /// <summary>Mean loss (cross-entropy; for regression in standardised label units) on the validation data after the epoch, when there is validation data.</summary>
    public double? ValidationLoss { get; }

    /// <summary>Accuracy on the validation data after the epoch, when there is validation data and the model is a classifier.</summary>
    public double? ValidationAccuracy { get; }

    /// <summary>
    /// The learning rate the epoch's steps used: <see cref="TwoLayerOptionsBase.LearningRate"/>
    /// as changed by <see cref="TwoLayerOptionsBase.LearningRateSchedule"/> (for example, lowered
    /// by <see cref="LearningRateSchedule.ReduceOnPlateau"/>).
    /// </summary>
    public float LearningRate { get; }

    /// <summary>Time since training started.</summary>
    public TimeSpan Elapsed { get; }
}
