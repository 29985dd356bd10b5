using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.SampleParity;

/// <summary>
/// ML.NET 2.0+ has PermutationFeatureImportance(ITransformer model, IDataView transformedData) which
/// finds the predictor inside a chain itself (it looks for ML.NET's internal, non-generic
/// ISingleFeaturePredictionTransformer) and returns importances keyed by slot name. With TwoLayer it throws
/// ArgumentNullException "The model provided does not have a compatible predictor (Parameter 'lastTransformer')"
/// on main@3ae998a, 43de39c and abacd4e, for a freshly fitted chain and for one loaded with mlContext.Model.Load.
/// </summary>
public class PfiChainOverloadParityTests
{
    public sealed class Row
    {
        public uint Label { get; set; }
        public float Strong { get; set; }
        public float Noise { get; set; }
    }

    private static List<Row> Rows()
    {
        var random = new Random(3);
        return Enumerable.Range(0, 150).Select(i => new Row { Label = (uint)(i % 3), Strong = i % 3 + 0.1f * (float)random.NextDouble(), Noise = (float)random.NextDouble() }).ToList();
    }

    private static ITransformer Fit(MLContext ml, IDataView data)
        => ml.Transforms.Concatenate("Features", nameof(Row.Strong), nameof(Row.Noise))
            .Append(ml.Transforms.Conversion.MapValueToKey("Label"))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.MulticlassClassification.Trainers.TwoLayer(new TwoLayerTrainer.Options { HiddenUnits = 8, NumberOfEpochs = 40, Seed = 1 }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            .Fit(data);

    [Fact]
    public void ChainOverloadFindsTheTwoLayerPredictor()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows());
        ITransformer model = Fit(ml, data);

        var importance = ml.MulticlassClassification.PermutationFeatureImportance(model, model.Transform(data), permutationCount: 2);

        Assert.Equal(new[] { "Noise", "Strong" }, importance.Keys.OrderBy(k => k));
        Assert.True(importance["Strong"].MicroAccuracy.Mean < importance["Noise"].MicroAccuracy.Mean - 0.2, "permuting the informative feature must cost accuracy");
    }

    [Fact]
    public void ChainOverloadWorksOnALoadedModel()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows());
        using var stream = new MemoryStream();
        ml.Model.Save(Fit(ml, data), data.Schema, stream);
        stream.Position = 0;
        ITransformer loaded = ml.Model.Load(stream, out _);

        var importance = ml.MulticlassClassification.PermutationFeatureImportance(loaded, loaded.Transform(data), permutationCount: 2);

        Assert.Equal(2, importance.Count);
    }
}
