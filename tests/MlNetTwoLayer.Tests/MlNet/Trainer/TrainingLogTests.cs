using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.ML;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary>
/// What a fit writes to ML.NET's log (<c>mlContext.Log</c>), the only account a user of a pipeline gets
/// of what was trained: the network's shape, the data and the main settings, a line per epoch (per
/// member of an ensemble) with its losses, why training stopped, and a capped streaming window.
/// </summary>
public class TrainingLogTests
{
    private static List<string> Messages(MLContext ml, string source)
    {
        var log = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Message.StartsWith($"[Source={source}; Training, Kind=Info] ", StringComparison.Ordinal))
            {
                lock (log)
                {
                    log.Add(e.Message[e.Message.IndexOf("] ", StringComparison.Ordinal)..][2..]);
                }
            }
        };
        return log;
    }

    private static string G6(double value) => value.ToString("G6", CultureInfo.CurrentCulture);

    [Fact]
    public void AnEnsembleWithValidationDataLogsItsShapeEveryMembersEpochsAndWhyEachStopped()
    {
        var ml = new MLContext(seed: 1);
        List<string> log = Messages(ml, "TwoLayerTrainer");
        IDataView train = OptionEffectData.Load(ml, OptionEffectData.Make());
        IDataView validation = OptionEffectData.Load(ml, OptionEffectData.Make(12, seed: 8));
        var options = new TwoLayerTrainer.Options { HiddenUnits = 5, EnsembleSize = 2, NumberOfEpochs = 3, BatchSize = 8, Seed = 5, NumberOfThreads = 1, LearningRate = 0.01f };
        new TwoLayerTrainer(ml, options).Fit(train, validation);

        Assert.Equal(1 + 2 * 3 + 2, log.Count);
        Assert.Equal($"Training a 4-5-3 network 2 times (an ensemble, merged into one network of 10 hidden units) (SoftmaxCrossEntropy) on 30 rows (InMemory, dense, density 1): Adam, learning rate {0.01f}, batch 8, seed 5.", log[0]);
        for (int member = 1; member <= 2; member++)
        {
            for (int epoch = 1; epoch <= 3; epoch++)
            {
                string line = log[(member - 1) * 3 + epoch];
                Assert.Matches($@"^Member {member}/2, epoch {epoch}/3: training loss [0-9.]+, validation loss [0-9.]+, validation accuracy [01]\.\d{{4}}, learning rate {Regex.Escape(0.01f.ToString(CultureInfo.CurrentCulture))} \(\d+\.\d\ds\)$", line);
            }
        }
        Assert.Equal("Stopped after 3 epochs (MaximumEpochsReached); the model holds epoch 3.", log[7]);
        Assert.Equal(log[7], log[8]);
    }

    [Fact]
    public void ASingleStreamedNetworkLogsItsCappedWindowAndEachEpochsTrainingLoss()
    {
        var ml = new MLContext(seed: 1);
        List<string> log = Messages(ml, "TwoLayerTrainer");
        IDataView train = OptionEffectData.Load(ml, OptionEffectData.Make());
        var options = new TwoLayerTrainer.Options
        {
            HiddenUnits = 5, NumberOfEpochs = 2, Seed = 5, NumberOfThreads = 1, DataMode = TrainingDataMode.Streaming, StreamingShuffleWindow = 1000, BatchSize = 0,
        };
        TwoLayerTransformer model = new TwoLayerTrainer(ml, options).Fit(train);

        IReadOnlyList<double> losses = model.History!.TrainingLoss;
        Assert.Equal(
        [
            "TwoLayerTrainer.Options.StreamingShuffleWindow 1000 is capped to 30 rows: the data has 30 usable rows of 4 features, and the window holds at most 33554432 values.",
            $"Training a 4-5-3 network (SoftmaxCrossEntropy) on 30 rows (Streaming, dense, density 1): Adam, learning rate {TwoLayerTrainer.Options.Defaults.LearningRate}, batch all, seed 5.",
        ], log.Take(2));
        Assert.Matches($@"^Epoch 1/2: training loss {Regex.Escape(G6(losses[0]))}, learning rate [0-9.]+ \(\d+\.\d\ds\)$", log[2]);
        Assert.Matches($@"^Epoch 2/2: training loss {Regex.Escape(G6(losses[1]))}, learning rate [0-9.]+ \(\d+\.\d\ds\)$", log[3]);
        Assert.Equal("Stopped after 2 epochs (MaximumEpochsReached); the model holds epoch 2.", log[4]);
        Assert.Equal(5, log.Count);
    }

    [Fact]
    public void RegressionAndBinaryFitsLogTheirOneOutputAndTheirHead()
    {
        var ml = new MLContext(seed: 1);
        List<string> log = Messages(ml, "TwoLayerRegressionTrainer");
        IDataView train = OptionEffectData.Load(ml, OptionEffectData.Make());
        new TwoLayerRegressionTrainer(ml, new TwoLayerRegressionTrainer.Options { HiddenUnits = 5, NumberOfEpochs = 1, Seed = 5, NumberOfThreads = 1, BatchSize = 7 }).Fit(train);
        Assert.Equal($"Training a 4-5-1 network (IdentitySquaredError) on 30 rows (InMemory, dense, density 1): Adam, learning rate {TwoLayerRegressionTrainer.Options.Defaults.SingleOutputLearningRate}, batch 7, seed 5.", log[0]);
        Assert.Equal("Stopped after 1 epochs (MaximumEpochsReached); the model holds epoch 1.", log[^1]);

        List<string> binaryLog = Messages(ml, "TwoLayerBinaryTrainer");
        IDataView binary = ml.Data.LoadFromEnumerable(OptionEffectData.Make().Select(r => new BinaryRow { Features = r.Features, Label = r.Label > 0 }));
        new TwoLayerBinaryTrainer(ml, new TwoLayerBinaryTrainer.Options { HiddenUnits = 5, NumberOfEpochs = 1, Seed = 5, NumberOfThreads = 1, BatchSize = 7 }).Fit(binary);
        Assert.Equal($"Training a 4-5-1 network (SigmoidBinaryCrossEntropy) on 30 rows (InMemory, dense, density 1): Adam, learning rate {TwoLayerBinaryTrainer.Options.Defaults.SingleOutputLearningRate}, batch 7, seed 5.", binaryLog[0]);
    }

    private sealed class BinaryRow
    {
        [Microsoft.ML.Data.VectorType(OptionEffectData.Inputs)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }
}
