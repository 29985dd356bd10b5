using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer;

// Quality benchmark (issue 18): 5-fold CrossValidate with default options on mean-variance
// standardised features, for the two-layer binary and regression trainers and ML.NET's built-ins,
// on the real public data sets in benchmarks/QualityData (label = last column).
// Usage: dotnet run -c Release --project benchmarks/MlNetTwoLayer.Quality [seeds=3]
// scikit-learn's MLP under the same protocol: benchmarks/MlNetTwoLayer.Quality/sklearn_mlp.py.
int seeds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
string folder = Path.Combine(AppContext.BaseDirectory, "Data");
string[] binarySets = ["breast-cancer", "pima", "biopsy", "birthwt"];
string[] regressionSets = ["diabetes", "boston", "cpus", "airquality"];

Console.WriteLine($"Binary classification: 5-fold CV accuracy / AUC (ours: MLContext seeds 1..{seeds}; built-ins: seed 1)");
foreach (string set in binarySets)
{
    var ml = new MLContext(seed: 1);
    IDataView data = Load(ml, Path.Combine(folder, set + ".csv"), DataKind.Boolean, out int rows, out int features);
    var ours = Enumerable.Range(1, seeds).Select(s => Binary(new MLContext(seed: s), data, c => c.BinaryClassification.Trainers.TwoLayer())).ToArray();
    var results = new (string Name, (double Accuracy, double Auc) Metrics)[]
    {
        ("TwoLayer", (ours.Average(m => m.Accuracy), ours.Average(m => m.Auc))),
        ("LbfgsLogisticRegression", Binary(ml, data, c => c.BinaryClassification.Trainers.LbfgsLogisticRegression())),
        ("SdcaLogisticRegression", Binary(ml, data, c => c.BinaryClassification.Trainers.SdcaLogisticRegression())),
        ("FastTree", Binary(ml, data, c => c.BinaryClassification.Trainers.FastTree())),
        ("LightGbm", Binary(ml, data, c => c.BinaryClassification.Trainers.LightGbm())),
    };
    Console.WriteLine($"{set} ({rows} x {features}); ours per seed: {string.Join(" / ", ours.Select(m => m.Accuracy.ToString("F3", CultureInfo.InvariantCulture)))}");
    foreach (var (name, m) in results)
    {
        Console.WriteLine($"  {name,-24} accuracy {m.Accuracy:F3}  AUC {m.Auc:F3}");
    }
}

Console.WriteLine();
Console.WriteLine($"Regression: 5-fold CV R² / RMSE (ours: MLContext seeds 1..{seeds}; built-ins: seed 1)");
foreach (string set in regressionSets)
{
    var ml = new MLContext(seed: 1);
    IDataView data = Load(ml, Path.Combine(folder, set + ".csv"), DataKind.Single, out int rows, out int features);
    var ours = Enumerable.Range(1, seeds).Select(s => Regression(new MLContext(seed: s), data, c => c.Regression.Trainers.TwoLayer())).ToArray();
    var results = new (string Name, (double R2, double Rmse) Metrics)[]
    {
        ("TwoLayer", (ours.Average(m => m.R2), ours.Average(m => m.Rmse))),
        ("Sdca", Regression(ml, data, c => c.Regression.Trainers.Sdca())),
        ("LbfgsPoissonRegression", Regression(ml, data, c => c.Regression.Trainers.LbfgsPoissonRegression())),
        ("FastTree", Regression(ml, data, c => c.Regression.Trainers.FastTree())),
        ("LightGbm", Regression(ml, data, c => c.Regression.Trainers.LightGbm())),
    };
    Console.WriteLine($"{set} ({rows} x {features}); ours per seed R²: {string.Join(" / ", ours.Select(m => m.R2.ToString("F3", CultureInfo.InvariantCulture)))}");
    foreach (var (name, m) in results)
    {
        Console.WriteLine($"  {name,-24} R² {m.R2:F3}  RMSE {m.Rmse:G4}");
    }
}
return 0;

static IDataView Load(MLContext ml, string path, DataKind labelKind, out int rows, out int features)
{
    features = File.ReadLines(path).First().Split(',').Length - 1;
    rows = File.ReadLines(path).Count() - 1;
    return ml.Data.LoadFromTextFile(path, [
        new TextLoader.Column("Features", DataKind.Single, 0, features - 1),
        new TextLoader.Column("Label", labelKind, features),
    ], separatorChar: ',', hasHeader: true);
}

static (double Accuracy, double Auc) Binary(MLContext ml, IDataView data, Func<MLContext, IEstimator<ITransformer>> trainer)
{
    var pipeline = ml.Transforms.NormalizeMeanVariance("Features").Append(trainer(ml));
    var folds = ml.BinaryClassification.CrossValidateNonCalibrated(data, pipeline, numberOfFolds: 5);
    return (folds.Average(f => f.Metrics.Accuracy), folds.Average(f => f.Metrics.AreaUnderRocCurve));
}

static (double R2, double Rmse) Regression(MLContext ml, IDataView data, Func<MLContext, IEstimator<ITransformer>> trainer)
{
    var pipeline = ml.Transforms.NormalizeMeanVariance("Features").Append(trainer(ml));
    var folds = ml.Regression.CrossValidate(data, pipeline, numberOfFolds: 5);
    return (folds.Average(f => f.Metrics.RSquared), folds.Average(f => f.Metrics.RootMeanSquaredError));
}
