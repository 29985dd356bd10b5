using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer;

// Boston housing (506 census tracts, 13 features): the median home value, in $1000s.
// The two-layer network as an ML.NET regression trainer, through ML.NET's own regression tooling.
var ml = new MLContext(seed: 1);
string path = Path.Combine(AppContext.BaseDirectory, "Data", "boston.csv");
IDataView data = ml.Data.LoadFromTextFile(path, [
    new TextLoader.Column("Features", DataKind.Single, 0, 12),
    new TextLoader.Column("Label", DataKind.Single, 13),
], separatorChar: ',', hasHeader: true);

var pipeline = ml.Transforms.NormalizeMeanVariance("Features")
    .Append(ml.Regression.Trainers.TwoLayer(new TwoLayerRegressionTrainer.Options { Seed = 1 }));

DataOperationsCatalog.TrainTestData split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
var model = pipeline.Fit(split.TrainSet);
RegressionMetrics metrics = ml.Regression.Evaluate(model.Transform(split.TestSet));
Console.WriteLine("== Hold-out (20%) ==");
Console.WriteLine($"RMSE {metrics.RootMeanSquaredError:F3}  MAE {metrics.MeanAbsoluteError:F3}  R² {metrics.RSquared:F4}");
TwoLayerModelParameters network = model.LastTransformer.Model;
Console.WriteLine($"The label was learnt standardised: (value - {network.LabelOffset:F3}) / {network.LabelScale:F3}, undone at scoring.");

Console.WriteLine("== 5-fold CrossValidate ==");
var folds = ml.Regression.CrossValidate(data, pipeline, numberOfFolds: 5);
Console.WriteLine($"RMSE {folds.Average(f => f.Metrics.RootMeanSquaredError):F3}  R² {folds.Average(f => f.Metrics.RSquared):F4}  (per fold R²: {string.Join(", ", folds.Select(f => f.Metrics.RSquared.ToString("F3")))})");

Console.WriteLine("== Permutation feature importance (rise in RMSE, top 5) ==");
string[] names = File.ReadLines(path).First().Split(',');
var importance = ml.Regression.PermutationFeatureImportance(model.LastTransformer, model.Transform(split.TestSet), permutationCount: 3);
foreach (var (i, rise) in importance.Select((m, i) => (i, m.RootMeanSquaredError.Mean)).OrderByDescending(p => p.Item2).Take(5))
{
    Console.WriteLine($"  {names[i],-8} {rise:F3}");
}

Console.WriteLine("== Three tracts through a PredictionEngine, after a save and a load ==");
using (var stream = new MemoryStream())
{
    ml.Model.Save(model, data.Schema, stream);
    stream.Position = 0;
    ITransformer loaded = new MLContext().Model.Load(stream, out _);
    var engine = ml.Model.CreatePredictionEngine<Tract, Prediction>(loaded);
    foreach (Tract tract in ml.Data.CreateEnumerable<Tract>(split.TestSet, reuseRowObject: false).Take(3))
    {
        Console.WriteLine($"median value {tract.Label,5:F1}; predicted {engine.Predict(tract).Score,5:F1}");
    }
}

/// <summary>One row of the data set.</summary>
internal sealed class Tract
{
    /// <summary>The 13 features.</summary>
    [VectorType(13)]
    public float[] Features { get; set; } = [];

    /// <summary>Median value of owner-occupied homes, in $1000s.</summary>
    public float Label { get; set; }
}

/// <summary>What the regression trainer adds.</summary>
internal sealed class Prediction
{
    /// <summary>The predicted median value.</summary>
    public float Score { get; set; }
}
