using Microsoft.ML;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.SampleParity;

/// <summary>
/// Regression_BikeSharingDemand pattern (Concatenate of float columns + AppendCacheCheckpoint, regression trainer)
/// followed by the ML.NET 2.0+ PFI overload on the whole chain. On main@43de39c and abacd4e:
/// ArgumentNullException "The model provided does not have a compatible predictor (Parameter 'lastTransformer')",
/// the same failure as the multiclass overload (see PfiChainOverloadParityTests). FastTree and Sdca pass.
/// </summary>
public class RegressionPfiChainOverloadParityTests
{
    public sealed class Demand
    {
        public float Hour { get; set; }
        public float Temperature { get; set; }
        public float Label { get; set; }
    }

    [Fact]
    public void RegressionChainOverloadFindsTheTwoLayerPredictor()
    {
        var ml = new MLContext(seed: 0);
        var random = new Random(2);
        var rows = Enumerable.Range(0, 200).Select(i => new Demand { Hour = i % 24, Temperature = (float)random.NextDouble(), Label = 10 * (i % 24) + (float)random.NextDouble() }).ToList();
        IDataView data = ml.Data.LoadFromEnumerable(rows);
        ITransformer model = ml.Transforms.Concatenate("Features", nameof(Demand.Hour), nameof(Demand.Temperature))
            .AppendCacheCheckpoint(ml)
            .Append(ml.Regression.Trainers.TwoLayer())
            .Fit(data);

        var importance = ml.Regression.PermutationFeatureImportance(model, model.Transform(data), permutationCount: 1);

        Assert.Equal(new[] { "Hour", "Temperature" }, importance.Keys.OrderBy(k => k));
        Assert.True(importance["Hour"].RSquared.Mean < importance["Temperature"].RSquared.Mean, "Hour carries the label");
    }
}
