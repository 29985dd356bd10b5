using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary>Bad columns and options fail early, with a message naming the column or option and what to do.</summary>
public class InvalidInputTests
{
    public sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [0, 0];

        public float Scalar { get; set; }

        public string Text { get; set; } = "a";

        public float Label { get; set; }

        public float Weight { get; set; } = 1;

        [VectorType]
        public float[] Unknown { get; set; } = [0, 0];
    }

    private static IDataView Data(MLContext ml, params Row[] rows)
        => ml.Data.LoadFromEnumerable(rows.Length > 0 ? rows : [new Row { Label = 0 }, new Row { Features = [1, 1], Label = 1 }]);

    public static TheoryData<string, Action<TwoLayerTrainer.Options>, string[]> BadColumns() => new()
    {
        { "missing feature column", o => o.FeatureColumnName = "Nope", ["'Nope'", "FeatureColumnName"] },
        { "scalar features", o => o.FeatureColumnName = "Scalar", ["'Scalar'", "Concatenate"] },
        { "text features", o => o.FeatureColumnName = "Text", ["'Text'", "vector of Single"] },
        { "unknown-size features", o => o.FeatureColumnName = "Unknown", ["'Unknown'", "unknown size"] },
        { "missing label", o => o.LabelColumnName = "Nope", ["'Nope'", "LabelColumnName"] },
        { "text label", o => o.LabelColumnName = "Text", ["'Text'", "MapValueToKey"] },
        { "vector label", o => o.LabelColumnName = "Features", ["'Features'", "MapValueToKey"] },
        { "missing weight", o => o.ExampleWeightColumnName = "Nope", ["'Nope'", "ExampleWeightColumnName"] },
        { "text weight", o => o.ExampleWeightColumnName = "Text", ["'Text'", "Single"] },
    };

    [Theory]
    [MemberData(nameof(BadColumns))]
    public void BadColumnsFailAtGetOutputSchemaAndFit(string because, Action<TwoLayerTrainer.Options> configure, string[] messageParts)
    {
        var ml = new MLContext(seed: 1);
        var options = new TwoLayerTrainer.Options { NumberOfEpochs = 1 };
        configure(options);
        var trainer = new TwoLayerTrainer(ml, options);
        IDataView data = Data(ml);

        var atSchema = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.GetOutputSchema(ConformanceTests.SchemaShapeOf(data.Schema)));
        var atFit = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(data));
        foreach (string part in messageParts)
        {
            Assert.True(atSchema.Message.Contains(part, StringComparison.Ordinal), $"{because}: '{atSchema.Message}' lacks '{part}'");
            Assert.True(atFit.Message.Contains(part, StringComparison.Ordinal), $"{because}: '{atFit.Message}' lacks '{part}'");
        }
    }

    public static TheoryData<string, Action<TwoLayerTrainer.Options>> BadOptions() => new()
    {
        { nameof(TwoLayerTrainer.Options.HiddenUnits), o => o.HiddenUnits = 0 },
        { nameof(TwoLayerTrainer.Options.LearningRate), o => o.LearningRate = 0 },
        { nameof(TwoLayerTrainer.Options.LearningRate), o => o.LearningRate = float.NaN },
        { nameof(TwoLayerTrainer.Options.LearningRate), o => o.LearningRate = float.PositiveInfinity },
        { nameof(TwoLayerTrainer.Options.NumberOfEpochs), o => o.NumberOfEpochs = 0 },
        { nameof(TwoLayerTrainer.Options.BatchSize), o => o.BatchSize = -1 },
        { nameof(TwoLayerTrainer.Options.L2Regularization), o => o.L2Regularization = -1e-3f },
        { nameof(TwoLayerTrainer.Options.L2RowsPerWeight), o => o.L2RowsPerWeight = -1 },
        { nameof(TwoLayerTrainer.Options.Momentum), o => o.Momentum = 1f },
        { nameof(TwoLayerTrainer.Options.Beta2), o => o.Beta2 = -0.1f },
        { nameof(TwoLayerTrainer.Options.Epsilon), o => o.Epsilon = 0 },
        { nameof(TwoLayerTrainer.Options.NumberOfThreads), o => o.NumberOfThreads = 0 },
        { nameof(TwoLayerTrainer.Options.LabelColumnName), o => o.LabelColumnName = "" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void BadOptionsFailWhenTheTrainerIsBuilt(string option, Action<TwoLayerTrainer.Options> configure)
    {
        var options = new TwoLayerTrainer.Options();
        configure(options);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new TwoLayerTrainer(new MLContext(), options));
        Assert.Equal(option, ex.ParamName);
        Assert.Contains(option, ex.Message);
    }

    [Fact]
    public void NegativeOrFractionalSingleLabelIsAnError()
    {
        var ml = new MLContext(seed: 1);
        var trainer = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { NumberOfEpochs = 1 });
        var ex = Assert.Throws<InvalidOperationException>(() => trainer.Fit(Data(ml, new Row { Label = 0 }, new Row { Label = 1.5f })));
        Assert.Contains("MapValueToKey", ex.Message);
        Assert.Throws<InvalidOperationException>(() => trainer.Fit(Data(ml, new Row { Label = -1 }, new Row { Label = 1 })));
    }

    [Fact]
    public void RowsThatCannotBeUsedAreSkippedAndLogged()
    {
        var ml = new MLContext(seed: 1);
        var log = new List<string>();
        ml.Log += (_, e) => log.Add(e.Message);
        var options = new TwoLayerTrainer.Options { NumberOfEpochs = 2, ExampleWeightColumnName = "Weight" };
        IDataView data = Data(ml,
            new Row { Label = 0 },
            new Row { Features = [1, 1], Label = 1 },
            new Row { Features = [float.NaN, 1], Label = 1 },
            new Row { Features = [1, 1], Label = float.NaN },
            new Row { Features = [1, 1], Label = 1, Weight = 0 });
        TwoLayerTransformer model = new TwoLayerTrainer(ml, options).Fit(data);
        Assert.Equal(2, model.Model.ClassCount);
        Assert.Contains(log, m => m.Contains("Skipped 3 of 5 rows", StringComparison.Ordinal));
    }

    [Fact]
    public void NoUsableRowIsAClearError()
    {
        var ml = new MLContext(seed: 1);
        var trainer = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { NumberOfEpochs = 1 });
        var ex = Assert.Throws<ArgumentException>(() => trainer.Fit(Data(ml, new Row { Features = [float.NaN, 0], Label = 1 })));
        Assert.Contains("Every training row was skipped", ex.Message);
        var empty = Assert.Throws<ArgumentException>(() => trainer.Fit(ml.Data.LoadFromEnumerable(new List<Row>())));
        Assert.Contains("no rows", empty.Message);
    }

    [Fact]
    public void ScoringDataWithAnotherFeatureSizeFailsClearly()
    {
        var ml = new MLContext(seed: 1);
        TwoLayerTransformer model = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { NumberOfEpochs = 1 }).Fit(Data(ml));
        IDataView other = ml.Data.LoadFromEnumerable(new[] { new { Features = new float[3] } }.Select(r => new Wide()));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => model.Transform(other));
        Assert.Contains("trained on 2", ex.Message);
    }

    public sealed class Wide
    {
        [VectorType(3)]
        public float[] Features { get; set; } = new float[3];
    }
}
