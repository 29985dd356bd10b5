using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.SampleParity;

/// <summary>
/// ML.NET's samples read the label's key values back in the label's own type: the Iris sample
/// (machinelearning-samples MulticlassClassification_Iris) calls GetKeyValues(ref VBuffer&lt;float&gt;) on
/// PredictedLabel after MapValueToKey of a float label; the docs LogLossPerClass sample calls
/// GetKeyValues(ref VBuffer&lt;uint&gt;); MapKeyToValue("PredictedLabel") must give back a float / uint column.
/// Built-in trainers keep the label's key-value type; TwoLayer turned them into text.
/// FAILS on main@3ae998a, 43de39c and abacd4e: "Invalid call to 'GetGetter'" and "Can't bind the IDataView column 'PredictedLabel' of type 'String'".
/// </summary>
public class KeyValueTypeParityTests
{
    private static TwoLayerTrainer.Options Fast => new() { HiddenUnits = 8, NumberOfEpochs = 60, Seed = 1 };

    public sealed class FloatRow
    {
        public float Label { get; set; }

        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }

    public sealed class UintRow
    {
        public uint Label { get; set; }

        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }

    public sealed class FloatPrediction
    {
        public float PredictedLabel { get; set; }
    }

    public sealed class UintPrediction
    {
        public uint PredictedLabel { get; set; }
    }

    // Three well-separated clusters; label values deliberately not 0..K-1 in order of appearance.
    private static IEnumerable<(float Label, float[] Features)> Rows()
    {
        float[] labels = [7f, 2f, 5f];
        for (int i = 0; i < 60; i++)
        {
            int c = i % 3;
            yield return (labels[c], [c + 0.01f * (i % 7), -c + 0.02f * (i % 5)]);
        }
    }

    [Fact]
    public void FloatLabelKeyValuesAreFloatOnPredictedLabel()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows().Select(r => new FloatRow { Label = r.Label, Features = r.Features }));
        var model = ml.Transforms.Conversion.MapValueToKey("KeyColumn", "Label")
            .Append(ml.MulticlassClassification.Trainers.TwoLayer(new TwoLayerTrainer.Options { LabelColumnName = "KeyColumn", HiddenUnits = 8, NumberOfEpochs = 60, Seed = 1 }))
            .Fit(data);
        DataViewSchema.Column predicted = model.Transform(data).Schema["PredictedLabel"];

        VBuffer<float> keys = default;
        predicted.GetKeyValues(ref keys);

        Assert.Equal(new[] { 7f, 2f, 5f }, keys.DenseValues().ToArray());
    }

    [Fact]
    public void UintLabelKeyValuesAreUintOnPredictedLabel()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows().Select(r => new UintRow { Label = (uint)r.Label, Features = r.Features }));
        var model = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.MulticlassClassification.Trainers.TwoLayer(Fast)).Fit(data);

        VBuffer<uint> keys = default;
        model.Transform(data).Schema["PredictedLabel"].GetKeyValues(ref keys);

        Assert.Equal(new uint[] { 7, 2, 5 }, keys.DenseValues().ToArray());
    }

    [Fact]
    public void MapKeyToValueOfPredictedLabelGivesTheFloatLabelBack()
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows().Select(r => new FloatRow { Label = r.Label, Features = r.Features }).ToList();
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.TwoLayer(Fast))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            .Fit(data);
        IDataView scored = model.Transform(data);

        Assert.Equal(NumberDataViewType.Single, scored.Schema["PredictedLabel"].Type);
        float[] predicted = ml.Data.CreateEnumerable<FloatPrediction>(scored, reuseRowObject: false).Select(p => p.PredictedLabel).ToArray();
        Assert.All(predicted, p => Assert.Contains(p, new[] { 7f, 2f, 5f }));
        Assert.True(predicted.Zip(rows, (p, r) => p == r.Label).Count(ok => ok) >= 54, "the clusters are separable: at least 90% right");
        var engine = ml.Model.CreatePredictionEngine<FloatRow, FloatPrediction>(model);
        Assert.Contains(engine.Predict(rows[1]).PredictedLabel, new[] { 7f, 2f, 5f });
    }

    [Fact]
    public void MapKeyToValueOfPredictedLabelGivesTheUintLabelBack()
    {
        var ml = new MLContext(seed: 1);
        var rows = Rows().Select(r => new UintRow { Label = (uint)r.Label, Features = r.Features }).ToList();
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.TwoLayer(Fast))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            .Fit(data);

        uint[] predicted = ml.Data.CreateEnumerable<UintPrediction>(model.Transform(data), reuseRowObject: false).Select(p => p.PredictedLabel).ToArray();

        Assert.All(predicted, p => Assert.Contains(p, new uint[] { 7, 2, 5 }));
        Assert.True(predicted.Zip(rows, (p, r) => p == r.Label).Count(ok => ok) >= 54, "the clusters are separable: at least 90% right");
    }

    [Fact]
    public void KeyValueTypeSurvivesModelSaveAndLoad()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows().Select(r => new FloatRow { Label = r.Label, Features = r.Features }));
        var model = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.MulticlassClassification.Trainers.TwoLayer(Fast)).Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        ITransformer loaded = ml.Model.Load(stream, out _);

        VBuffer<float> keys = default;
        loaded.GetOutputSchema(data.Schema)["PredictedLabel"].GetKeyValues(ref keys);

        Assert.Equal(new[] { 7f, 2f, 5f }, keys.DenseValues().ToArray());
    }
}
