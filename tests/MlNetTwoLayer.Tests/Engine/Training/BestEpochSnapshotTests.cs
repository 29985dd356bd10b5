using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Training;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Training;

/// <summary>The best-epoch copy kept in a temporary file for big models gives back the same bits as the copy in memory.</summary>
public class BestEpochSnapshotTests
{
    [Fact]
    public void ASnapshotOnDiskRestoresTheSavedBitsAndDeletesItsFile()
    {
        var parameters = new NetworkParameters(new NetworkShape(50, 7, 3));
        WeightInitializer.Initialize(parameters, WeightInitialization.He, new SeededRandom(1));
        float[] saved;
        string[] before = Directory.GetFiles(Path.GetTempPath(), "tlnn-best-*.tmp");
        using (var snapshot = new BestEpochSnapshot(parameters, inMemoryBytes: 0))
        {
            Assert.True(snapshot.OnDisk);
            Assert.Single(Directory.GetFiles(Path.GetTempPath(), "tlnn-best-*.tmp").Except(before));
            parameters.Values[3] = float.NaN; // the snapshot starts as the parameters given
            snapshot.Save();
            saved = parameters.Values.ToArray();
            parameters.Values.AsSpan().Fill(42f);
            snapshot.Restore();
            Assert.Equal(saved, parameters.Values);
        }
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), "tlnn-best-*.tmp").Except(before));

        using var inMemory = new BestEpochSnapshot(parameters, inMemoryBytes: long.MaxValue);
        Assert.False(inMemory.OnDisk);
        parameters.Values[0] = 7f;
        inMemory.Restore();
        Assert.Equal(saved, parameters.Values);
    }

    [Fact]
    public void ASnapshotOnDiskNeverSavedRestoresTheInitialParameters()
    {
        var parameters = new NetworkParameters(new NetworkShape(20, 5, 3));
        WeightInitializer.Initialize(parameters, WeightInitialization.He, new SeededRandom(2));
        float[] initial = parameters.Values.ToArray();
        using var snapshot = new BestEpochSnapshot(parameters, inMemoryBytes: 0);
        Assert.True(snapshot.OnDisk);
        parameters.Values.AsSpan().Fill(-1f); // training moved away, no epoch was better than the start

        snapshot.Restore();

        Assert.Equal(initial, parameters.Values);
    }

    [Fact]
    public void EarlyStoppingGivesTheSameModelWhetherTheBestEpochIsKeptOnDiskOrInMemory()
    {
        // Overfitting settings (few rows, high rate, patience 1) so the model handed back is an earlier epoch's.
        SparseDataset data = SparseTrainingTests.RandomSparse(120, 300, 12, 3, seed: 8);
        var settings = new TrainingSettings
        {
            HiddenUnits = 8, LearningRate = 0.05f, Epochs = 12, BatchSize = 8, Seed = 3, ValidationFraction = 0.3, Patience = 1,
            L2Regularization = 0, Threads = 1,
        };
        TrainingOutcome memory = new NetworkTrainer(settings with { BestEpochInMemoryBytes = long.MaxValue }).Train(data, null, null);
        TrainingOutcome disk = new NetworkTrainer(settings with { BestEpochInMemoryBytes = 0 }).Train(data, null, null);
        Assert.True(memory.History.BestEpoch < memory.History.EpochsRun, $"best {memory.History.BestEpoch} of {memory.History.EpochsRun}: the test needs a restored earlier epoch");
        Assert.Equal(memory.History.BestEpoch, disk.History.BestEpoch);
        Assert.Equal(memory.Parameters.Values, disk.Parameters.Values);

        // And what came back is the best epoch's weights: the same run stopped at that epoch (where the
        // last epoch is the best, so nothing is restored) ends with them.
        Assert.True(memory.History.ValidationLoss[^1] > memory.History.ValidationLoss[memory.History.BestEpoch - 1]);
        TrainingOutcome atBest = new NetworkTrainer(settings with { Patience = 0, Epochs = memory.History.BestEpoch, BestEpochInMemoryBytes = 0 }).Train(data, null, null);
        Assert.Equal(atBest.Parameters.Values, disk.Parameters.Values);
    }
}
