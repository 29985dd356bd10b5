namespace MlNetTwoLayer.Training;

/// <summary>What one finished epoch measured.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainingLoss">Mean weighted cross-entropy over the epoch's batches, plus the L2 penalty.</param>
/// <param name="Elapsed">Time since training started.</param>
internal readonly record struct EpochReport(int Epoch, double TrainingLoss, TimeSpan Elapsed);
