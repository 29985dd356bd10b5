using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary>
/// Issue 14: pipelines shaped like ML.NET's own multiclass samples (machinelearning-samples: Iris,
/// MNIST/digits from LoadFromTextFile with a Single label, a text classifier with FeaturizeText),
/// each run twice, with a built-in trainer and with TwoLayer swapped in: every output column has the
/// same name, type and annotations, and the sample's own output class binds.
/// </summary>
public class SamplePipelineSwapTests
{
    private static TwoLayerTrainer TwoLayer(MLContext ml)
        => ml.MulticlassClassification.Trainers.TwoLayer(new TwoLayerTrainer.Options { HiddenUnits = 16, NumberOfEpochs = 30, Seed = 1, NumberOfThreads = 1 });

    private static void SwapAndCompare(MLContext ml, IDataView data, Func<IEstimator<ITransformer>, IEstimator<ITransformer>> pipeline, IEstimator<ITransformer> builtIn)
    {
        IDataView theirs = pipeline(builtIn).Fit(data).Transform(data);
        IDataView ours = pipeline(TwoLayer(ml)).Fit(data).Transform(data);
        SchemaAssert.SameColumns(theirs.Schema, ours.Schema);
    }

    [Fact]
    public void IrisFromATextFile()
    {
        var ml = new MLContext(seed: 1);
        // Fixtures/iris.csv: four measurements, then the class index; the sample's own file names the species.
        string path = Path.Combine(Path.GetTempPath(), $"tlnn-iris-{Guid.NewGuid():N}.csv");
        string[] names = ["setosa", "versicolor", "virginica"];
        File.WriteAllLines(path, File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "iris.csv")).Skip(1).Where(l => l.Length > 0)
            .Select(l => string.Join(",", l.Split(',').Take(4).Append(names[int.Parse(l.Split(',')[4])]))));
        try
        {
            IDataView data = ml.Data.LoadFromTextFile(path, [
                new TextLoader.Column("SepalLength", DataKind.Single, 0), new TextLoader.Column("SepalWidth", DataKind.Single, 1),
                new TextLoader.Column("PetalLength", DataKind.Single, 2), new TextLoader.Column("PetalWidth", DataKind.Single, 3),
                new TextLoader.Column("Species", DataKind.String, 4)], separatorChar: ',');
            IEstimator<ITransformer> Pipeline(IEstimator<ITransformer> trainer)
                => ml.Transforms.Conversion.MapValueToKey("Label", "Species")
                    .Append(ml.Transforms.Concatenate("Features", "SepalLength", "SepalWidth", "PetalLength", "PetalWidth"))
                    .Append(ml.Transforms.NormalizeMinMax("Features"))
                    .AppendCacheCheckpoint(ml)
                    .Append(trainer)
                    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel"));
            SwapAndCompare(ml, data, Pipeline, ml.MulticlassClassification.Trainers.SdcaMaximumEntropy());
        }
        finally
        {
            File.Delete(path);
        }
    }

    public sealed class DigitPrediction
    {
        public float Number { get; set; }

        public float[] Score { get; set; } = [];
    }

    [Fact]
    public void DigitsFromATextFileWithASingleLabel()
    {
        var ml = new MLContext(seed: 1);
        string path = Path.Combine(Path.GetTempPath(), $"tlnn-digits-{Guid.NewGuid():N}.csv");
        using (var gz = new GZipStream(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", "digits.csv.gz")), CompressionMode.Decompress))
        using (var reader = new StreamReader(gz))
        {
            File.WriteAllLines(path, Enumerable.Range(0, 300).Select(_ => reader.ReadLine()!));
        }
        try
        {
            // As the MNIST sample: 64 pixel columns and the digit as a Single, mapped to a key by value.
            IDataView data = ml.Data.LoadFromTextFile(path, [new TextLoader.Column("PixelValues", DataKind.Single, 0, 63), new TextLoader.Column("Number", DataKind.Single, 64)], separatorChar: ',');
            IEstimator<ITransformer> Pipeline(IEstimator<ITransformer> trainer)
                => ml.Transforms.Conversion.MapValueToKey("Label", "Number", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
                    .Append(ml.Transforms.Concatenate("Features", "PixelValues"))
                    .Append(ml.Transforms.NormalizeMinMax("Features"))
                    .Append(trainer)
                    .Append(ml.Transforms.Conversion.MapKeyToValue("Number", "PredictedLabel"));
            SwapAndCompare(ml, data, Pipeline, ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy());

            ITransformer model = Pipeline(TwoLayer(ml)).Fit(data);
            var engine = ml.Model.CreatePredictionEngine<DigitRow, DigitPrediction>(model);
            DigitPrediction prediction = engine.Predict(ml.Data.CreateEnumerable<DigitRow>(data, reuseRowObject: false).First());
            Assert.InRange(prediction.Number, 0f, 9f);
            Assert.Equal(10, prediction.Score.Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public sealed class DigitRow
    {
        [VectorType(64)]
        public float[] PixelValues { get; set; } = [];

        public float Number { get; set; }
    }

    public sealed class Issue
    {
        public string Title { get; set; } = "";

        public string Area { get; set; } = "";
    }

    [Fact]
    public void TextClassifierWithFeaturizeText()
    {
        var ml = new MLContext(seed: 1);
        // A tiny GitHub-issue-labeler-like data set: three areas, a few words each.
        string[][] words = [["crash", "exception", "null", "stack"], ["slow", "memory", "speed", "cpu"], ["docs", "typo", "readme", "example"]];
        var random = new Random(2);
        var rows = Enumerable.Range(0, 60).Select(i => new Issue
        {
            Area = $"area-{i % 3}",
            Title = string.Join(" ", Enumerable.Range(0, 3).Select(_ => words[i % 3][random.Next(4)])),
        }).ToList();
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        IEstimator<ITransformer> Pipeline(IEstimator<ITransformer> trainer)
            => ml.Transforms.Conversion.MapValueToKey("Label", "Area")
                .Append(ml.Transforms.Text.FeaturizeText("Features", "Title"))
                .Append(trainer)
                .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedArea", "PredictedLabel"));
        SwapAndCompare(ml, data, Pipeline, ml.MulticlassClassification.Trainers.SdcaMaximumEntropy());
    }
}
