namespace MlNetTwoLayer.Engine.Training;

/// <summary>What one finished epoch measured.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainingLoss">Mean weighted cross-entropy over the epoch's batches, plus the L2 penalty.</param>
/// <param name="ValidationLoss">Mean cross-entropy on the validation rows after the epoch, or null.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation rows after the epoch, or null.</param>
/// <param name="LearningRate">The rate used during the epoch.</param>
/// <param name="Elapsed">Time since training started.</param>
internal readonly record struct EpochReport(int Epoch, double TrainingLoss, double? ValidationLoss, double? ValidationAccuracy, float LearningRate, TimeSpan Elapsed);
