using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer;

// Breast cancer (Wisconsin diagnostic, 569 tumours, 30 measurements): is the tumour malignant?
// The two-layer network as an ML.NET binary trainer, through ML.NET's own binary tooling.
var ml = new MLContext(seed: 1);
string path = Path.Combine(AppContext.BaseDirectory, "Data", "breast-cancer.csv");
IDataView data = ml.Data.LoadFromTextFile(path, [
    new TextLoader.Column("Features", DataKind.Single, 0, 29),
    new TextLoader.Column("Label", DataKind.Boolean, 30),
], separatorChar: ',', hasHeader: true);

var pipeline = ml.Transforms.NormalizeMeanVariance("Features")
    .Append(ml.BinaryClassification.Trainers.TwoLayer(new TwoLayerBinaryTrainer.Options { Seed = 1 }));

DataOperationsCatalog.TrainTestData split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
var model = pipeline.Fit(split.TrainSet);
CalibratedBinaryClassificationMetrics metrics = ml.BinaryClassification.Evaluate(model.Transform(split.TestSet));
Console.WriteLine("== Hold-out (20%) ==");
Console.WriteLine($"AUC {metrics.AreaUnderRocCurve:F4}  accuracy {metrics.Accuracy:F4}  F1 {metrics.F1Score:F4}  log-loss {metrics.LogLoss:F4}");
Console.WriteLine(metrics.ConfusionMatrix.GetFormattedConfusionTable());

Console.WriteLine("== 5-fold CrossValidate ==");
var folds = ml.BinaryClassification.CrossValidate(data, pipeline, numberOfFolds: 5);
Console.WriteLine($"AUC {folds.Average(f => f.Metrics.AreaUnderRocCurve):F4}  accuracy {folds.Average(f => f.Metrics.Accuracy):F4}  (per fold: {string.Join(", ", folds.Select(f => f.Metrics.Accuracy.ToString("F3")))})");

Console.WriteLine("== Permutation feature importance (drop in AUC, top 5) ==");
string[] names = File.ReadLines(path).First().Split(',');
var importance = ml.BinaryClassification.PermutationFeatureImportance(model.LastTransformer, model.Transform(split.TestSet), permutationCount: 3);
foreach (var (i, drop) in importance.Select((m, i) => (i, -m.AreaUnderRocCurve.Mean)).OrderByDescending(p => p.Item2).Take(5))
{
    Console.WriteLine($"  {names[i],-24} {drop:F4}");
}

Console.WriteLine("== One tumour through a PredictionEngine, after a save and a load ==");
using (var stream = new MemoryStream())
{
    ml.Model.Save(model, data.Schema, stream);
    stream.Position = 0;
    ITransformer loaded = new MLContext().Model.Load(stream, out _);
    var engine = ml.Model.CreatePredictionEngine<Tumour, Prediction>(loaded);
    Tumour first = ml.Data.CreateEnumerable<Tumour>(split.TestSet, reuseRowObject: false).First();
    Prediction p = engine.Predict(first);
    Console.WriteLine($"malignant: {first.Label}; predicted {p.PredictedLabel} (probability {p.Probability:F4}, score {p.Score:F3})");
}

/// <summary>One row of the data set.</summary>
internal sealed class Tumour
{
    /// <summary>The 30 measurements.</summary>
    [VectorType(30)]
    public float[] Features { get; set; } = [];

    /// <summary>True when malignant.</summary>
    public bool Label { get; set; }
}

/// <summary>What the binary trainer adds.</summary>
internal sealed class Prediction
{
    /// <summary>The raw margin.</summary>
    public float Score { get; set; }

    /// <summary>P(malignant).</summary>
    public float Probability { get; set; }

    /// <summary>Score &gt; 0.</summary>
    public bool PredictedLabel { get; set; }
}
