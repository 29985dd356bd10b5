using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;
using static MlNetTwoLayer.Tests.MlNet.SampleParity.SampleData;

namespace MlNetTwoLayer.Tests.MlNet.SampleParity;

/// <summary>
/// The ML.NET docs samples (docs/samples/.../Trainers/MulticlassClassification/LbfgsMaximumEntropy.cs and the
/// ones generated from the same template) with the trainer swapped, plus the data-operation and PFI docs samples.
/// </summary>
public class DocsSamplePatternTests
{
    [Fact]
    public void UintLabelInPlaceKeyThenCreateEnumerableOfRawKeysWorks()
    {
        var ml = new MLContext(seed: 0);
        var model = ml.Transforms.Conversion.MapValueToKey(nameof(DocsPoint.Label))
            .Append(ml.MulticlassClassification.Trainers.TwoLayer(Fast()))
            .Fit(ml.Data.LoadFromEnumerable(DocsPoints(300, seed: 0)));
        IDataView test = model.Transform(ml.Data.LoadFromEnumerable(DocsPoints(150, seed: 123)));

        List<DocsPrediction> predictions = ml.Data.CreateEnumerable<DocsPrediction>(test, reuseRowObject: false).ToList();

        // Both columns are keys: CreateEnumerable gives their 1-based indices, 0 would mean missing.
        Assert.All(predictions, p => Assert.InRange(p.PredictedLabel, 1u, 3u));
        Assert.All(predictions, p => Assert.InRange(p.Label, 1u, 3u));
        Assert.True(predictions.Count(p => p.Label == p.PredictedLabel) >= 0.8 * predictions.Count);
    }

    [Fact]
    public void DocsPrintMetricsGetsAConfusionTableOverTheKeyValues()
    {
        var ml = new MLContext(seed: 0);
        var model = ml.Transforms.Conversion.MapValueToKey(nameof(DocsPoint.Label))
            .Append(ml.MulticlassClassification.Trainers.TwoLayer(Fast()))
            .Fit(ml.Data.LoadFromEnumerable(DocsPoints(300, seed: 0)));

        MulticlassClassificationMetrics metrics = ml.MulticlassClassification.Evaluate(model.Transform(ml.Data.LoadFromEnumerable(DocsPoints(150, seed: 123))));
        string table = metrics.ConfusionMatrix.GetFormattedConfusionTable();

        Assert.Equal(3, metrics.ConfusionMatrix.NumberOfClasses);
        Assert.Contains("Precision", table);
        Assert.InRange(metrics.LogLossReduction, 0.3, 1.0);
    }

    [Fact]
    public void TrainTestSplitThenEvaluateWithTopKWorks()
    {
        var ml = new MLContext(seed: 1);
        var split = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(DocsPoints(300, seed: 4)), testFraction: 0.3);
        var model = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.MulticlassClassification.Trainers.TwoLayer(Fast())).Fit(split.TrainSet);

        MulticlassClassificationMetrics metrics = ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet), topKPredictionCount: 2);

        Assert.Equal(2, metrics.TopKPredictionCount);
        Assert.True(metrics.TopKAccuracy >= metrics.MicroAccuracy);
        Assert.Equal(2, metrics.TopKAccuracyForAllK.Count);
    }

    [Fact]
    public void CrossValidationSplitFoldsEachFitAndEvaluate()
    {
        var ml = new MLContext(seed: 1);
        var estimator = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.MulticlassClassification.Trainers.TwoLayer(Fast()));

        var folds = ml.Data.CrossValidationSplit(ml.Data.LoadFromEnumerable(DocsPoints(240, seed: 5)), numberOfFolds: 3);

        Assert.All(folds, f => Assert.InRange(ml.MulticlassClassification.Evaluate(estimator.Fit(f.TrainSet).Transform(f.TestSet)).MicroAccuracy, 0.7, 1.0));
    }

    [Fact]
    public void PfiOnAModelLoadedFromDiskThroughACastOfTheLastTransformerWorks()
    {
        // docs PermutationFeatureImportanceLoadFromDisk: save, load, cast LastTransformer to the concrete transformer.
        var ml = new MLContext(seed: 1);
        var random = new Random(1);
        var rows = Enumerable.Range(0, 150).Select(i => new TwoFeatures { Label = i % 3, Feature1 = (float)random.NextDouble(), Feature2 = i % 3 + 0.2f * (float)random.NextDouble() }).ToList();
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Concatenate("Features", nameof(TwoFeatures.Feature1), nameof(TwoFeatures.Feature2))
            .Append(ml.Transforms.Conversion.MapValueToKey("Label"))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.MulticlassClassification.Trainers.TwoLayer(Fast()));
        using var stream = new MemoryStream();
        ml.Model.Save(pipeline.Fit(data), data.Schema, stream);
        stream.Position = 0;
        ITransformer model = ml.Model.Load(stream, out _);

        var predictor = (model as TransformerChain<ITransformer>)?.LastTransformer as TwoLayerTransformer;
        Assert.NotNull(predictor);
        var importance = ml.MulticlassClassification.PermutationFeatureImportance(predictor, model.Transform(data), permutationCount: 2);

        Assert.Equal(2, importance.Length);
        Assert.True(importance[1].MicroAccuracy.Mean < importance[0].MicroAccuracy.Mean - 0.2, "Feature2 carries the label, Feature1 is noise");
    }

    public sealed class TwoFeatures
    {
        public float Label { get; set; }
        public float Feature1 { get; set; }
        public float Feature2 { get; set; }
    }
}
