using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Digits;
using MlNetTwoLayer;
using Samples.Shared;

// UCI optical digits (1797 8x8 images, 10 classes): load with LoadFromTextFile, train with early
// stopping on a held-out validation set, evaluate on a test set, then ask which pixels matter.
var mlContext = new MLContext(seed: 1);

// The data ships gzipped (57 KB instead of 260 KB, byte for byte the test fixture); LoadFromTextFile
// reads plain files only, so it is unpacked to a temporary .csv that is deleted at the end.
string csvPath = Path.Combine(Path.GetTempPath(), $"digits-{Guid.NewGuid():N}.csv");
try
{
    using (var gzip = new GZipStream(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Data", "digits.csv.gz")), CompressionMode.Decompress))
    using (var csv = File.Create(csvPath))
    {
        gzip.CopyTo(csv);
    }
    Run(mlContext, csvPath);
}
finally
{
    File.Delete(csvPath);
}

static void Run(MLContext mlContext, string csvPath)
{
    IDataView digits = mlContext.Data.LoadFromTextFile<DigitRow>(csvPath, separatorChar: ',', hasHeader: false);
    DataOperationsCatalog.TrainTestData split = mlContext.Data.TrainTestSplit(digits, testFraction: 0.25, seed: 1);

    // Digit 0..9 becomes key 1..10 in value order, so class k is digit k; pixels (0-16) scaled to [0, 1].
    var featurize = mlContext.Transforms.Conversion.MapValueToKey("Label", nameof(DigitRow.Digit),
            keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
        .Append(mlContext.Transforms.NormalizeMinMax("Features", nameof(DigitRow.Pixels)));
    var featurizer = featurize.Fit(split.TrainSet);
    IDataView trainFeatures = featurizer.Transform(split.TrainSet);
    IDataView testFeatures = featurizer.Transform(split.TestSet);

    Console.WriteLine($"== Training on {trainFeatures.GetRowCount() ?? Count(mlContext, trainFeatures)} digits (10% held out for early stopping) ==");
    var progress = new ConsoleTrainingProgress(every: 5);
    var options = new TwoLayerTrainer.Options
    {
        NumberOfEpochs = 200,
        ValidationFraction = 0.1,   // stratified hold-out; the best epoch's weights are kept
        Patience = 10,
        Seed = 1,
        Progress = progress,
    };
    TwoLayerTransformer trained = mlContext.MulticlassClassification.Trainers.TwoLayer(options).Fit(trainFeatures);
    progress.Complete();
    TrainingHistory history = trained.History!;
    Console.WriteLine($"Stopped after {history.EpochsRun} epochs ({history.StopReason}); kept epoch {history.BestEpoch}: " +
        $"validation loss {history.ValidationLoss[history.BestEpoch - 1]:F4}, accuracy {history.ValidationAccuracy[history.BestEpoch - 1]:F4}");

    Console.WriteLine();
    Console.WriteLine($"== Test set ({Count(mlContext, testFeatures)} digits) ==");
    MulticlassClassificationMetrics metrics = mlContext.MulticlassClassification.Evaluate(trained.Transform(testFeatures), topKPredictionCount: 3);
    Console.WriteLine($"Micro-accuracy {metrics.MicroAccuracy:F4}, macro-accuracy {metrics.MacroAccuracy:F4}, " +
        $"log-loss {metrics.LogLoss:F4}, top-3 accuracy {metrics.TopKAccuracy:F4}");
    Console.WriteLine(metrics.ConfusionMatrix.GetFormattedConfusionTable());

    Console.WriteLine("== Permutation feature importance: the 10 pixels whose shuffling costs the most micro-accuracy ==");
    var importance = mlContext.MulticlassClassification.PermutationFeatureImportance(trained, testFeatures, permutationCount: 3);
    var top = importance
        .Select((statistics, pixel) => (Pixel: pixel, statistics.MicroAccuracy.Mean, statistics.MicroAccuracy.StandardDeviation))
        .OrderBy(p => p.Mean)
        .Take(10);
    foreach (var (pixel, mean, deviation) in top)
    {
        Console.WriteLine($"  pixel {pixel,2} (row {pixel / 8}, column {pixel % 8}): {mean:+0.0000;-0.0000} ± {deviation:0.0000}");
    }
}

static long Count(MLContext mlContext, IDataView data) =>
    mlContext.Data.CreateEnumerable<DigitRow>(data, reuseRowObject: true).LongCount();

namespace Digits
{
    /// <summary>One row of digits.csv: 64 pixel counts (0-16, row by row) then the digit.</summary>
    public sealed class DigitRow
    {
        [LoadColumn(0, 63), VectorType(64)]
        public float[] Pixels { get; set; } = [];

        [LoadColumn(64)]
        public float Digit { get; set; }
    }
}
