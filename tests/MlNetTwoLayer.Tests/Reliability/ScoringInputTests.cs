using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace MlNetTwoLayer.Tests.Reliability;

/// <summary>What scoring does with inputs a trained model did not see in training.</summary>
public class ScoringInputTests
{
    public sealed class Row
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    public sealed class Narrow
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }

    public sealed class Output
    {
        public float[] Score { get; set; } = [];

        public uint PredictedLabel { get; set; }
    }

    public sealed class WrongOutput
    {
        public string Score { get; set; } = "";
    }

    private static (MLContext Ml, TwoLayerTransformer Model) Trained()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 30).Select(i => new Row { Features = [i % 3, i % 5, 1], Label = i % 3 }).ToList();
        var options = new TwoLayerTrainer.Options { NumberOfEpochs = 5, HiddenUnits = 8, Seed = 1 };
        return (ml, new TwoLayerTrainer(ml, options).Fit(ml.Data.LoadFromEnumerable(rows)));
    }

    [Fact]
    public void NonFiniteFeaturesScoreAsNaNWithAMissingPrediction()
    {
        var (ml, model) = Trained();
        var engine = ml.Model.CreatePredictionEngine<Row, Output>(model);
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            Output output = engine.Predict(new Row { Features = [1, bad, 0] });
            Assert.All(output.Score, s => Assert.True(float.IsNaN(s)));
            Assert.Equal(0u, output.PredictedLabel);
        }
        Output good = engine.Predict(new Row { Features = [1, 2, 1] });
        Assert.InRange(good.PredictedLabel, 1u, 3u);
    }

    [Fact]
    public void AnotherFeatureSizeFailsAtEveryEntryPoint()
    {
        var (ml, model) = Trained();
        IDataView narrow = ml.Data.LoadFromEnumerable(new[] { new Narrow { Features = [1, 2] } });
        foreach (Action act in new Action[]
        {
            () => model.GetOutputSchema(narrow.Schema),
            () => model.Transform(narrow),
            () => model.GetRowToRowMapper(narrow.Schema),
            () => ml.Model.CreatePredictionEngine<Narrow, Output>(model),
        })
        {
            var ex = Assert.ThrowsAny<ArgumentException>(act);
            Assert.Contains("'Features' has 2 values, but the model was trained on 3", ex.ToString());
        }
    }

    [Fact]
    public void AskingForAColumnWithTheWrongTypeIsAClearError()
    {
        var (ml, model) = Trained();
        IDataView scored = model.Transform(ml.Data.LoadFromEnumerable(new[] { new Row { Features = [1, 2, 3] } }));
        using DataViewRowCursor cursor = scored.GetRowCursor(scored.Schema);
        var ex = Assert.Throws<InvalidOperationException>(() => cursor.GetGetter<float>(scored.Schema["Score"]));
        Assert.Contains("Score", ex.Message);
        // ML.NET's own binding check, which must see our Score column's real type to say this.
        var bind = Assert.Throws<InvalidOperationException>(() => ml.Model.CreatePredictionEngine<Row, WrongOutput>(model));
        Assert.Contains("'Score' of type 'Vector<Single, 3>'", bind.Message);
        Assert.Contains("System.String", bind.Message);
    }

    public sealed class Named
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public string Species { get; set; } = "";
    }

    [Fact]
    public void MoreClassesAtScoringThanTheModelKnowsAreScoredOverTheKnownClasses()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 30).Select(i => new Named { Features = [i % 3, 1], Species = "c" + (i % 3) }).ToList());
        var test = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 40).Select(i => new Named { Features = [i % 4, 1], Species = "c" + (i % 4) }).ToList());
        var trainMap = ml.Transforms.Conversion.MapValueToKey("Label", "Species").Fit(train);
        var options = new TwoLayerTrainer.Options { NumberOfEpochs = 200, Seed = 1, HiddenUnits = 16 };
        TwoLayerTransformer model = new TwoLayerTrainer(ml, options).Fit(trainMap.Transform(train));

        // The model can only ever predict the three classes it knows; with a label key of four values,
        // ML.NET's Evaluate counts every row of the unknown class as wrong.
        IDataView scored = model.Transform(ml.Transforms.Conversion.MapValueToKey("Label", "Species").Fit(test).Transform(test));
        Assert.Equal(3, ((VectorDataViewType)scored.Schema["Score"].Type).Size);
        var metrics = ml.MulticlassClassification.Evaluate(scored);
        Assert.InRange(metrics.MicroAccuracy, 0, 0.75 + 1e-9);

        // With the training mapping, the unknown class becomes a missing label and is ignored.
        var known = ml.MulticlassClassification.Evaluate(model.Transform(trainMap.Transform(test)));
        Assert.Equal(3, known.ConfusionMatrix.NumberOfClasses);
    }

    [Fact]
    public void InactiveScoreColumnIsNotComputedAndCannotBeRead()
    {
        var (ml, model) = Trained();
        IDataView scored = model.Transform(ml.Data.LoadFromEnumerable(new[] { new Row { Features = [1, 2, 3], Label = 2 } }));
        using DataViewRowCursor cursor = scored.GetRowCursor([scored.Schema["Label"]]);
        Assert.False(cursor.IsColumnActive(scored.Schema["Score"]));
        Assert.True(cursor.MoveNext());
        float label = 0;
        cursor.GetGetter<float>(scored.Schema["Label"])(ref label);
        Assert.Equal(2, label);
        Assert.Throws<InvalidOperationException>(() => cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]));
    }
}
