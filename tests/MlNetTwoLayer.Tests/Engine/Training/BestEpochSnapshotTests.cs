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

    [Fact]
    public void ATemporaryFileThatCannotBeCreatedKeepsTheSnapshotInMemory()
    {
        // A temporary folder that is gone (a real DirectoryNotFoundException, an IOException), and one that refuses files.
        string missing = Path.Combine(Path.GetTempPath(), $"tlnn-no-such-folder-{Guid.NewGuid():N}");
        Func<FileStream>[] refusals =
        [
            () => new FileStream(Path.Combine(missing, "best.tmp"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose),
            () => throw new UnauthorizedAccessException("the temporary folder refuses files"),
        ];
        foreach (Func<FileStream> refuse in refusals)
        {
            var parameters = new NetworkParameters(new NetworkShape(20, 5, 3));
            WeightInitializer.Initialize(parameters, WeightInitialization.He, new SeededRandom(4));
            float[] initial = parameters.Values.ToArray();
            using var snapshot = new BestEpochSnapshot(parameters, inMemoryBytes: 0, refuse);
            Assert.False(snapshot.OnDisk);

            // It still starts as the initial parameters, and keeps what is saved.
            parameters.Values.AsSpan().Fill(-1f);
            snapshot.Restore();
            Assert.Equal(initial, parameters.Values);
            parameters.Values[2] = 5f;
            float[] saved = parameters.Values.ToArray();
            snapshot.Save();
            parameters.Values.AsSpan().Fill(3f);
            snapshot.Restore();
            Assert.Equal(saved, parameters.Values);
        }
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public void AWriteThatFailsMidTrainingMovesTheSnapshotToMemoryAndDeletesTheFile()
    {
        string folder = Directory.CreateTempSubdirectory("tlnn-snapshot-").FullName;
        try
        {
            string path = Path.Combine(folder, "best.tmp");
            FailingWrites? file = null;
            var parameters = new NetworkParameters(new NetworkShape(20, 5, 3));
            WeightInitializer.Initialize(parameters, WeightInitialization.He, new SeededRandom(5));
            using var snapshot = new BestEpochSnapshot(parameters, inMemoryBytes: 0, () => file = new FailingWrites(path));
            Assert.True(snapshot.OnDisk);
            Assert.True(File.Exists(path));

            file!.Fail = true; // the disk is full from now on
            parameters.Values[1] = 9f;
            float[] best = parameters.Values.ToArray();
            snapshot.Save();

            Assert.False(snapshot.OnDisk);
            Assert.False(File.Exists(path)); // the file was closed, so deleted, not left open beside the copy in memory
            parameters.Values.AsSpan().Fill(0.5f);
            snapshot.Restore();
            Assert.Equal(best, parameters.Values); // the failed save's parameters, now from memory
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A temporary file (deleted on close) whose writes fail with an IOException, as on a full disk, once <see cref="Fail"/> is set.</summary>
    private sealed class FailingWrites(string path)
        : FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose)
    {
        public bool Fail { get; set; }

        // Both overloads: a FileStream subclass's span write goes through the array one.
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            ThrowIfFull();
            base.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            ThrowIfFull();
            base.Write(buffer, offset, count);
        }

        private void ThrowIfFull()
        {
            if (Fail)
            {
                throw new IOException("No space left on device");
            }
        }
    }
}
