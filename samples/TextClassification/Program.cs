using System.Diagnostics;
using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer;

// Text classification with sparse features: Debian's fortune cookies (six categories, 4893 texts,
// BSD licence, see Data/README.md), FeaturizeText with its defaults (word 1-2-grams and character
// 3-grams: tens of thousands of slots, a few hundred non-zeros per text), then TwoLayer with its
// defaults. The features are read as compressed sparse rows and trained with lazy updates, so memory
// and time follow the non-zeros, not texts x slots. SDCA, ML.NET's usual text trainer, runs beside it.
var mlContext = new MLContext(seed: 1);
List<Fortune> fortunes = ReadFortunes(Path.Combine(AppContext.BaseDirectory, "Data", "fortunes.tsv.gz"));
DataOperationsCatalog.TrainTestData split = mlContext.Data.TrainTestSplit(mlContext.Data.LoadFromEnumerable(fortunes), testFraction: 0.2, seed: 1);

var featurize = mlContext.Transforms.Conversion.MapValueToKey("Label", nameof(Fortune.Category))
    .Append(mlContext.Transforms.Text.FeaturizeText("Features", nameof(Fortune.Text)))
    .AppendCacheCheckpoint(mlContext);
var pipeline = featurize
    .Append(mlContext.MulticlassClassification.Trainers.TwoLayer(new TwoLayerTrainer.Options { Seed = 1 }))
    .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedCategory", "PredictedLabel"));

var clock = Stopwatch.StartNew();
var model = pipeline.Fit(split.TrainSet);
double ourSeconds = clock.Elapsed.TotalSeconds;
var network = (TwoLayerTransformer)model.Skip(1).First(t => t is TwoLayerTransformer);
MulticlassClassificationMetrics metrics = mlContext.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
Console.WriteLine($"TwoLayer: {network.Model.InputCount} inputs -> {network.Model.HiddenCount} hidden -> {network.Model.ClassCount} classes, " +
    $"{network.History!.EpochsRun} epochs (best {network.History.BestEpoch}), fit {ourSeconds:F1} s");
Console.WriteLine($"  test micro-accuracy {metrics.MicroAccuracy:F4}, macro-accuracy {metrics.MacroAccuracy:F4}, log-loss {metrics.LogLoss:F4}");

clock.Restart();
var sdca = featurize.Append(mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy()).Fit(split.TrainSet);
double sdcaSeconds = clock.Elapsed.TotalSeconds;
MulticlassClassificationMetrics sdcaMetrics = mlContext.MulticlassClassification.Evaluate(sdca.Transform(split.TestSet));
Console.WriteLine($"SdcaMaximumEntropy: fit {sdcaSeconds:F1} s, test micro-accuracy {sdcaMetrics.MicroAccuracy:F4}, macro-accuracy {sdcaMetrics.MacroAccuracy:F4}, log-loss {sdcaMetrics.LogLoss:F4}");

// Save, load in a fresh context, and predict single texts.
string path = Path.Combine(Path.GetTempPath(), "fortunes-model.zip");
mlContext.Model.Save(model, split.TrainSet.Schema, path);
ITransformer loaded = new MLContext().Model.Load(path, out _);
var engine = mlContext.Model.CreatePredictionEngine<Fortune, Prediction>(loaded);
foreach (string text in new[]
{
    "The compiler crashed again and the kernel panicked after the reboot.",
    "The senator promised lower taxes before the election.",
    "An experiment that disproves the theory is worth a thousand that confirm it.",
})
{
    Prediction p = engine.Predict(new Fortune { Text = text });
    Console.WriteLine($"  \"{text}\" -> {p.PredictedCategory} ({p.Score.Max():P0})");
}
File.Delete(path);

static List<Fortune> ReadFortunes(string path)
{
    using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
    reader.ReadLine(); // header
    var rows = new List<Fortune>();
    while (reader.ReadLine() is string line)
    {
        int tab = line.IndexOf('\t');
        rows.Add(new Fortune { Category = line[..tab], Text = line[(tab + 1)..] });
    }
    return rows;
}

public sealed class Fortune
{
    public string Category { get; set; } = "";

    public string Text { get; set; } = "";
}

public sealed class Prediction
{
    public string PredictedCategory { get; set; } = "";

    public float[] Score { get; set; } = [];
}
