using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer;
using Samples.Shared;
using Xunit;

namespace Samples.Tests;

public sealed class ConsoleTrainingProgressTests
{
    private static TrainingProgress Epoch(int epoch, int of = 10, double? validationAccuracy = 0.5) =>
        new(epoch, of, trainingLoss: 1.0 / epoch, validationLoss: validationAccuracy is null ? null : 2.0 / epoch,
            validationAccuracy, learningRate: 0.01f, TimeSpan.FromMilliseconds(1234 * epoch));

    [Fact]
    public void RedirectedModeWritesOneLinePerReportedEpoch()
    {
        var writer = new StringWriter();
        var progress = new ConsoleTrainingProgress(writer, inPlace: false, every: 3);
        for (int epoch = 1; epoch <= 10; epoch++)
        {
            progress.Report(Epoch(epoch));
        }
        progress.Complete();

        string[] lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain('\r', writer.ToString().Replace(Environment.NewLine, ""));
        // The first, every third and the last epoch.
        Assert.Equal(["epoch  1/10", "epoch  3/10", "epoch  6/10", "epoch  9/10", "epoch 10/10"], lines.Select(l => l[..11]));
        Assert.Equal("epoch  3/10  loss 0.3333  val-loss 0.6667  val-acc 0.5000  00:03.7", lines[1]);
    }

    [Fact]
    public void InPlaceModeRewritesOneLineWithCarriageReturnsAndCompleteEndsIt()
    {
        var writer = new StringWriter();
        var progress = new ConsoleTrainingProgress(writer, inPlace: true, every: 1);
        progress.Report(Epoch(9, of: 10));
        progress.Report(Epoch(10, of: 10, validationAccuracy: null));   // shorter: must be padded over the longer one
        string beforeComplete = writer.ToString();
        progress.Complete();
        progress.Complete();                                            // a second call adds nothing

        Assert.DoesNotContain('\n', beforeComplete);
        string[] frames = beforeComplete.Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, frames.Length);
        Assert.StartsWith("epoch 10/10  loss 0.1000  00:12.3", frames[1]);
        Assert.Equal(frames[0].Length, frames[1].Length);
        Assert.Equal(beforeComplete + Environment.NewLine, writer.ToString());
    }

    [Fact]
    public void InvalidArgumentsAreRejected()
    {
        Assert.Equal("every", Assert.Throws<ArgumentOutOfRangeException>(() => new ConsoleTrainingProgress(TextWriter.Null, false, every: 0)).ParamName);
        Assert.Throws<ArgumentNullException>(() => new ConsoleTrainingProgress(null!, false));
    }

    [Fact]
    public void ReportsEveryEpochOfARealTrainingRunWithValidation()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 60).Select(i => new Row { Features = [i % 3, (i * 7) % 5], Label = i % 3 }).ToList();
        var writer = new StringWriter();
        var progress = new ConsoleTrainingProgress(writer, inPlace: false);
        var options = new TwoLayerTrainer.Options { HiddenUnits = 4, NumberOfEpochs = 5, Patience = 0, ValidationFraction = 0.25f, Seed = 1, Progress = progress, EnsembleSize = 1 };
        ml.MulticlassClassification.Trainers.TwoLayer(options).Fit(ml.Data.LoadFromEnumerable(rows));

        string[] lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.All(lines, line => Assert.Contains("val-acc", line));
    }

    private sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }
}
