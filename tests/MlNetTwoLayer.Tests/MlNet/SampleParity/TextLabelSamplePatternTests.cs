using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.SampleParity;

/// <summary>
/// The end-to-end samples with text labels and categorical or text features (machinelearning-samples
/// modelbuilder RestaurantViolations, end-to-end GitHubLabeler) and the MNIST sample's ordered float
/// label, each on a tiny generated data set with only the trainer swapped.
/// </summary>
public class TextLabelSamplePatternTests
{
    public sealed class Inspection
    {
        public string InspectionType { get; set; } = "";
        public string ViolationDescription { get; set; } = "";
        public string RiskCategory { get; set; } = "";
    }

    public sealed class InspectionPrediction
    {
        [ColumnName("PredictedLabel")]
        public string Prediction { get; set; } = "";

        public float[] Score { get; set; } = [];
    }

    private static readonly string[] Risks = ["Low Risk", "Moderate Risk", "High Risk"];

    private static List<Inspection> Inspections()
        => Enumerable.Range(0, 90).Select(i => new Inspection
        {
            InspectionType = i % 2 == 0 ? "Routine - Unscheduled" : "Complaint",
            ViolationDescription = $"violation kind {i % 3}",
            RiskCategory = Risks[i % 3],
        }).ToList();

    [Fact]
    public void RestaurantViolationsPipelineCrossValidatesAndPredictsTheTextLabel()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Inspections());
        // The sample: label key made in place under its own name, one-hot features, trainer, PredictedLabel back to text in place.
        var pipeline = ml.Transforms.Conversion.MapValueToKey("RiskCategory", "RiskCategory")
            .Append(ml.Transforms.Categorical.OneHotEncoding([new InputOutputColumnPair("InspectionType", "InspectionType"), new InputOutputColumnPair("ViolationDescription", "ViolationDescription")]))
            .Append(ml.Transforms.Concatenate("Features", "InspectionType", "ViolationDescription"))
            .Append(ml.Transforms.NormalizeMinMax("Features", "Features"))
            .AppendCacheCheckpoint(ml)
            .Append(ml.MulticlassClassification.Trainers.TwoLayer(labelColumnName: "RiskCategory", featureColumnName: "Features", hiddenUnits: 8, numberOfEpochs: 40)
                .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel", "PredictedLabel")));

        var folds = ml.MulticlassClassification.CrossValidate(data, pipeline, numberOfFolds: 3, labelColumnName: "RiskCategory");
        Assert.Equal(3, folds.Count);
        Assert.All(folds, f => Assert.Equal(1.0, f.Metrics.MicroAccuracy));

        ITransformer model = pipeline.Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var engine = ml.Model.CreatePredictionEngine<Inspection, InspectionPrediction>(ml.Model.Load(stream, out _));
        InspectionPrediction prediction = engine.Predict(new Inspection { InspectionType = "Complaint", ViolationDescription = "violation kind 2" });

        Assert.Equal("High Risk", prediction.Prediction);
        Assert.Equal(3, prediction.Score.Length);
        VBuffer<ReadOnlyMemory<char>> slotNames = default;
        engine.OutputSchema["Score"].GetSlotNames(ref slotNames);
        Assert.Equal(Risks, slotNames.DenseValues().Select(n => n.ToString()));
    }

    public sealed class Issue
    {
        public string ID { get; set; } = "";
        public string Area { get; set; } = "";
        public string Title { get; set; } = "";
        public string Description { get; set; } = "";
    }

    public sealed class IssuePrediction
    {
        [ColumnName("PredictedLabel")]
        public string Area { get; set; } = "";

        public float[] Score { get; set; } = [];
    }

    [Fact]
    public void GitHubLabelerPipelineOnFeaturizedTextPredictsTheAreaAndRanksSlotNames()
    {
        var ml = new MLContext(seed: 1);
        string[] areas = ["area-System.Net", "area-System.IO", "area-System.Threading"];
        string[][] words = [["socket", "http", "websocket"], ["file", "stream", "path"], ["thread", "lock", "task"]];
        var issues = Enumerable.Range(0, 60).Select(i => new Issue
        {
            ID = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Area = areas[i % 3],
            Title = $"{words[i % 3][i % 2]} problem number {i}",
            Description = $"the {words[i % 3][2]} and {words[i % 3][(i + 1) % 2]} misbehave",
        }).ToList();
        IDataView data = ml.Data.LoadFromEnumerable(issues);
        var process = ml.Transforms.Conversion.MapValueToKey(outputColumnName: "Label", inputColumnName: nameof(Issue.Area))
            .Append(ml.Transforms.Text.FeaturizeText(outputColumnName: "TitleFeaturized", inputColumnName: nameof(Issue.Title)))
            .Append(ml.Transforms.Text.FeaturizeText(outputColumnName: "DescriptionFeaturized", inputColumnName: nameof(Issue.Description)))
            .Append(ml.Transforms.Concatenate(outputColumnName: "Features", "TitleFeaturized", "DescriptionFeaturized"))
            .AppendCacheCheckpoint(ml);
        // The sample holds the trainer in an IEstimator<ITransformer> variable chosen by a switch.
        IEstimator<ITransformer> trainer = ml.MulticlassClassification.Trainers.TwoLayer("Label", "Features", hiddenUnits: 8, numberOfEpochs: 40);
        ITransformer model = process.Append(trainer).Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel")).Fit(data);

        var engine = ml.Model.CreatePredictionEngine<Issue, IssuePrediction>(model);
        IssuePrediction prediction = engine.Predict(new Issue { ID = "Any-ID", Title = "websocket communication is slow", Description = "the http socket is slow" });

        Assert.Equal("area-System.Net", prediction.Area);
        VBuffer<ReadOnlyMemory<char>> slotNames = default;
        engine.OutputSchema[nameof(IssuePrediction.Score)].GetSlotNames(ref slotNames);
        int best = Array.IndexOf(prediction.Score, prediction.Score.Max());
        Assert.Equal(prediction.Area, slotNames.GetItemOrDefault(best).ToString());
    }

    public sealed class DigitRow
    {
        [VectorType(4)]
        public float[] PixelValues { get; set; } = [];

        public float Number { get; set; }
    }

    [Fact]
    public void MnistPipelineWithKeysByValueScoresInDigitOrderOnUnnormalisedPixels()
    {
        var ml = new MLContext(seed: 1);
        // Digits 0..3 in a scrambled order of appearance, pixels 0..16 like optdigits (the sample does not normalise).
        float[] order = [2, 0, 3, 1];
        var rows = Enumerable.Range(0, 80).Select(i =>
        {
            float n = order[i % 4];
            return new DigitRow { Number = n, PixelValues = Enumerable.Range(0, 4).Select(p => p == (int)n ? 16f - i % 3 : i % 2).ToArray() };
        }).ToList();
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Number", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.Transforms.Concatenate("Features", nameof(DigitRow.PixelValues)).AppendCacheCheckpoint(ml))
            .Append(ml.MulticlassClassification.Trainers.TwoLayer(labelColumnName: "Label", featureColumnName: "Features", hiddenUnits: 8, numberOfEpochs: 40))
            .Append(ml.Transforms.Conversion.MapKeyToValue("Number", "Label"));
        ITransformer model = pipeline.Fit(data);

        MulticlassClassificationMetrics metrics = ml.MulticlassClassification.Evaluate(data: model.Transform(data), labelColumnName: "Number", scoreColumnName: "Score");
        Assert.Equal(1.0, metrics.MicroAccuracy);

        // Keys by value: Score[d] is the probability of digit d, whatever order the digits came in.
        var engine = ml.Model.CreatePredictionEngine<DigitRow, SampleData.ScoreOnly>(model);
        for (int digit = 0; digit < 4; digit++)
        {
            float[] score = engine.Predict(new DigitRow { PixelValues = Enumerable.Range(0, 4).Select(p => p == digit ? 16f : 0f).ToArray() }).Score;
            Assert.Equal(digit, Array.IndexOf(score, score.Max()));
        }
    }
}
