using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer;
using Quickstart;

// Part 1 — the seed notebook, reproduced: 20 points, 2 features, 3 classes, 5 hidden units,
// σ·U[0,1) weights, full-batch gradient descent with lr 0.01 for 10000 epochs.
var mlContext = new MLContext(seed: 0);
Console.WriteLine("== The seed: a two-layer network on 20 points ==");
IDataView points = mlContext.Data.LoadFromEnumerable(SeedProblem.Generate(count: 20, classes: 3, seed: 1));
var seedOptions = new TwoLayerTrainer.Options
{
    HiddenUnits = 5,
    LearningRate = 0.01f,
    NumberOfEpochs = 10000,
    BatchSize = 0,                                     // the whole data set per step
    Optimizer = OptimizerKind.GradientDescent,         // W -= lr·dW
    WeightInitialization = WeightInitialization.ScaledUniform,  // sig * np.random.rand(...)
    L2Regularization = 0,
    StandardizeInputs = false,                         // the notebook trains on the points as given
    LearningRateSchedule = LearningRateSchedule.Constant,
    Patience = 0,                                      // run all 10000 epochs, as the notebook does
    Seed = 1,
    Progress = new ConsoleProgress(every: 1000),
};
TwoLayerTransformer seedModel = new TwoLayerTrainer(mlContext, seedOptions).Fit(points);
var probabilities = mlContext.Data.CreateEnumerable<ScoredPoint>(seedModel.Transform(points), reuseRowObject: false).ToList();
Console.WriteLine("Final probabilities (label: p0 p1 p2):");
foreach (ScoredPoint p in probabilities)
{
    Console.WriteLine($"  {p.Label}: {string.Join("  ", p.Score.Select(v => v.ToString("0.0000")))}");
}

// Part 2 — a real data set through an ML.NET pipeline: Iris, species mapped to a key, features
// normalised, our trainer, ML.NET's own metrics.
Console.WriteLine();
Console.WriteLine("== Iris through an ML.NET pipeline ==");
string irisPath = Path.Combine(AppContext.BaseDirectory, "Data", "iris.csv");
string[] species = File.ReadLines(irisPath).First().Split(',')[2..];
IDataView iris = mlContext.Data.LoadFromTextFile<IrisRow>(irisPath, separatorChar: ',', hasHeader: true);
DataOperationsCatalog.TrainTestData split = mlContext.Data.TrainTestSplit(iris, testFraction: 0.3, seed: 1);

var pipeline = mlContext.Transforms.Conversion.MapValue("Species",
        species.Select((name, index) => new KeyValuePair<float, string>(index, name)), nameof(IrisRow.ClassIndex))
    .Append(mlContext.Transforms.Conversion.MapValueToKey("Label", "Species"))
    .Append(mlContext.Transforms.NormalizeMinMax("Features", nameof(IrisRow.Measurements)))
    .Append(mlContext.MulticlassClassification.Trainers.TwoLayer(new TwoLayerTrainer.Options { Seed = 1 }))
    .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel"));

var model = pipeline.Fit(split.TrainSet);
MulticlassClassificationMetrics metrics = mlContext.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
Console.WriteLine($"Test set: micro-accuracy {metrics.MicroAccuracy:F3}, macro-accuracy {metrics.MacroAccuracy:F3}, log-loss {metrics.LogLoss:F3}");
Console.WriteLine(metrics.ConfusionMatrix.GetFormattedConfusionTable());

var engine = mlContext.Model.CreatePredictionEngine<IrisRow, IrisPrediction>(model);
var flower = new IrisRow { Measurements = [6.3f, 2.9f, 5.6f, 1.8f] };
IrisPrediction prediction = engine.Predict(flower);
Console.WriteLine($"A flower of {string.Join(", ", flower.Measurements)} cm is {prediction.PredictedSpecies} " +
    $"(p = {string.Join(", ", prediction.Score.Select(v => v.ToString("0.000")))})");

namespace Quickstart
{
    /// <summary>One row of iris.csv.</summary>
    public sealed class IrisRow
    {
        [LoadColumn(0, 3), VectorType(4)]
        public float[] Measurements { get; set; } = [];

        [LoadColumn(4)]
        public float ClassIndex { get; set; }
    }

    /// <summary>What the pipeline predicts for a flower.</summary>
    public sealed class IrisPrediction
    {
        public string PredictedSpecies { get; set; } = "";

        public float[] Score { get; set; } = [];
    }

    /// <summary>A seed-problem point with its probabilities.</summary>
    public sealed class ScoredPoint
    {
        public float Label { get; set; }

        public float[] Score { get; set; } = [];
    }

    /// <summary>Prints the training loss every few epochs, as the notebook does.</summary>
    public sealed class ConsoleProgress(int every) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if ((value.Epoch - 1) % every == 0)
            {
                Console.WriteLine($"Loss at iteration {value.Epoch - 1}: {value.TrainingLoss:F6}");
            }
        }
    }
}
