using Microsoft.ML;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.SampleParity;

/// <summary>
/// The whole-model PermutationFeatureImportance overload (ML.NET 2.0+; for binary classification `PermutationFeatureImportanceNonCalibrated`: it finds the predictor inside a
/// chain through ML.NET's internal ISingleFeaturePredictionTransformer) for the binary and regression
/// trainers, freshly fitted and loaded: importances keyed by slot name, the informative one first.
/// </summary>
public class PfiChainOverloadHeadsTests
{
    public sealed class Row
    {
        public bool Label { get; set; }
        public float Target { get; set; }
        public float Strong { get; set; }
        public float Noise { get; set; }
    }

    private static IDataView Data(MLContext ml)
    {
        var random = new Random(3);
        return ml.Data.LoadFromEnumerable(Enumerable.Range(0, 200).Select(i =>
        {
            float strong = (float)random.NextDouble() * 2 - 1;
            return new Row { Label = strong > 0, Target = 3 * strong + 0.05f * (float)random.NextDouble(), Strong = strong, Noise = (float)random.NextDouble() };
        }).ToList());
    }

    private static IEstimator<ITransformer> Features(MLContext ml)
        => ml.Transforms.Concatenate("Features", nameof(Row.Strong), nameof(Row.Noise)).Append(ml.Transforms.NormalizeMeanVariance("Features"));

    private static ITransformer Reload(MLContext ml, ITransformer model, IDataView data)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        return ml.Model.Load(stream, out _);
    }

    [Fact]
    public void BinaryChainOverloadFindsThePredictorFittedAndLoaded()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Data(ml);
        ITransformer model = Features(ml).Append(ml.BinaryClassification.Trainers.TwoLayer(new TwoLayerBinaryTrainer.Options { HiddenUnits = 8, NumberOfEpochs = 30, Seed = 1 })).Fit(data);
        foreach (ITransformer m in new[] { model, Reload(ml, model, data) })
        {
            var importance = ml.BinaryClassification.PermutationFeatureImportanceNonCalibrated(m, m.Transform(data), permutationCount: 2);
            Assert.Equal(new[] { "Noise", "Strong" }, importance.Keys.OrderBy(k => k));
            Assert.True(importance["Strong"].Accuracy.Mean < importance["Noise"].Accuracy.Mean - 0.2, "permuting the informative feature must cost accuracy");
        }
    }

    [Fact]
    public void RegressionChainOverloadFindsThePredictorFittedAndLoaded()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Data(ml);
        ITransformer model = Features(ml).Append(ml.Regression.Trainers.TwoLayer(new TwoLayerRegressionTrainer.Options { LabelColumnName = nameof(Row.Target), HiddenUnits = 8, NumberOfEpochs = 60, Seed = 1 })).Fit(data);
        foreach (ITransformer m in new[] { model, Reload(ml, model, data) })
        {
            var importance = ml.Regression.PermutationFeatureImportance(m, m.Transform(data), labelColumnName: nameof(Row.Target), permutationCount: 2);
            Assert.Equal(new[] { "Noise", "Strong" }, importance.Keys.OrderBy(k => k));
            // Permuting the informative feature raises the error far more than permuting the noise.
            Assert.True(importance["Strong"].RootMeanSquaredError.Mean > importance["Noise"].RootMeanSquaredError.Mean + 1, $"strong {importance["Strong"].RootMeanSquaredError.Mean}, noise {importance["Noise"].RootMeanSquaredError.Mean}");
        }
    }
}
