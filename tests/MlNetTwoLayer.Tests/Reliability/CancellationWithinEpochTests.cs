using Microsoft.ML;
using MlNetTwoLayer.Tests.Helpers;
using MlNetTwoLayer.Tests.MlNet.Trainer;
using Xunit;

namespace MlNetTwoLayer.Tests.Reliability;

/// <summary>
/// A cancelled token stops training inside an epoch, between two mini-batches, not only when the
/// epoch ends. The token is cancelled by the data itself, after a known number of rows, so the test
/// counts rows instead of timing anything.
/// </summary>
public class CancellationWithinEpochTests
{
    /// <summary>Rows that cancel <paramref name="cancel"/> when pass <paramref name="pass"/> has handed out <paramref name="after"/> rows; counts the rows handed out after that.</summary>
    private sealed class CancellingRows(List<OptionEffectData.Row> rows, CancellationTokenSource cancel, int pass, int after) : IEnumerable<OptionEffectData.Row>
    {
        private int _passes;

        public int RowsAfterCancel { get; private set; }

        public IEnumerator<OptionEffectData.Row> GetEnumerator()
        {
            int thisPass = ++_passes;
            for (int i = 0; i < rows.Count; i++)
            {
                if (cancel.IsCancellationRequested)
                {
                    RowsAfterCancel++;
                }
                else if (thisPass == pass && i == after)
                {
                    cancel.Cancel();
                }
                yield return rows[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    [Fact]
    public void StreamingStopsWithinTheEpochThatSawTheCancel()
    {
        // 2000 rows in batches of 10 through a 20-row window: epoch 2 (pass 3, after the counting
        // pass and epoch 1) cancels after 500 rows, 150 batches before the epoch would end.
        List<OptionEffectData.Row> rows = OptionEffectData.Make(2000);
        using var cancel = new CancellationTokenSource();
        var source = new CancellingRows(rows, cancel, pass: 3, after: 500);
        var epochs = new List<int>();
        var ml = new MLContext(seed: 1);
        var options = new TwoLayerTrainer.Options
        {
            StandardizeInputs = false,
            HiddenUnits = 5, NumberOfEpochs = 50, Patience = 0, BatchSize = 10, StreamingShuffleWindow = 20, Seed = 1,
            DataMode = TrainingDataMode.Streaming, CancellationToken = cancel.Token,
            Progress = new TrainerOptionBehaviourTests.SyncProgress(p => epochs.Add(p.Epoch)),
        };
        Assert.ThrowsAny<OperationCanceledException>(() => new TwoLayerTrainer(ml, options).Fit(ml.Data.LoadFromEnumerable(source)));
        Assert.Equal([1], epochs);
        // At most the batch being assembled when the token flipped (10 rows) is read after it.
        Assert.InRange(source.RowsAfterCancel, 0, 10);
    }

    [Fact]
    public void InMemoryStopsBeforeTheFirstBatchOnceCancelled()
    {
        // The "Training a …" log line comes after the data is read and before the first batch: a
        // token cancelled there must stop the fit before epoch 1 ends, though it has 2000 batches.
        var ml = new MLContext(seed: 1);
        using var cancel = new CancellationTokenSource();
        ml.Log += (_, e) =>
        {
            if (e.Message.Contains("Training a ", StringComparison.Ordinal))
            {
                cancel.Cancel();
            }
        };
        var epochs = new List<int>();
        var options = new TwoLayerTrainer.Options
        {
            StandardizeInputs = false,
            HiddenUnits = 5, NumberOfEpochs = 3, Patience = 0, BatchSize = 1, Seed = 1, CancellationToken = cancel.Token,
            Progress = new TrainerOptionBehaviourTests.SyncProgress(p => epochs.Add(p.Epoch)),
        };
        Assert.ThrowsAny<OperationCanceledException>(() => new TwoLayerTrainer(ml, options).Fit(OptionEffectData.Load(ml, OptionEffectData.Make(2000))));
        Assert.True(cancel.IsCancellationRequested, "the log line that cancels must have been seen");
        Assert.Empty(epochs);
    }
}
