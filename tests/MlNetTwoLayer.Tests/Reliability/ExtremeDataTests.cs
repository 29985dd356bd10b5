using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace MlNetTwoLayer.Tests.Reliability;

/// <summary>Training on awkward but legal data stays finite; impossible data fails clearly.</summary>
public class ExtremeDataTests
{
    public sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    private static TwoLayerTransformer Fit(MLContext ml, IEnumerable<Row> rows, TwoLayerTrainer.Options? options = null)
        => new TwoLayerTrainer(ml, options ?? new TwoLayerTrainer.Options { NumberOfEpochs = 10, Seed = 1 }).Fit(ml.Data.LoadFromEnumerable(rows.ToList()));

    private static void AssertFinite(TwoLayerModelParameters model)
    {
        Assert.All(model.GetHiddenWeights().Cast<float>(), v => Assert.True(float.IsFinite(v)));
        Assert.All(model.GetOutputWeights().Cast<float>(), v => Assert.True(float.IsFinite(v)));
        Assert.All(model.GetHiddenBiases().Concat(model.GetOutputBiases()), v => Assert.True(float.IsFinite(v)));
    }

    public static TheoryData<string, float> Scales() => new() { { "features of 1e30", 1e30f }, { "features of -1e30", -1e30f }, { "all-zero features", 0f } };

    [Theory]
    [MemberData(nameof(Scales))]
    public void ExtremeFeaturesTrainToAFiniteModel(string because, float scale)
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 40).Select(i => new Row { Features = [scale * (i % 2 == 0 ? 1 : 0.5f), scale], Label = i % 2 });
        TwoLayerTransformer model = Fit(ml, rows);
        AssertFinite(model.Model);
        Assert.All(model.History!.TrainingLoss, l => Assert.True(double.IsFinite(l), because));
        float[] p = new float[2];
        model.Model.Score([scale, scale], p);
        Assert.All(p, v => Assert.True(float.IsFinite(v), because));
    }

    [Fact]
    public void DuplicatedRowsTrainNormally()
    {
        var ml = new MLContext(seed: 1);
        var rows = Enumerable.Repeat(new Row { Features = [1, 0], Label = 0 }, 50).Concat(Enumerable.Repeat(new Row { Features = [0, 1], Label = 1 }, 50));
        TwoLayerTransformer model = Fit(ml, rows, new TwoLayerTrainer.Options { NumberOfEpochs = 30, Seed = 1 });
        AssertFinite(model.Model);
        float[] p = new float[2];
        model.Model.Score([1, 0], p);
        Assert.True(p[0] > 0.9f);
    }

    [Fact]
    public void ASingleClassIsAClearError()
    {
        var ml = new MLContext(seed: 1);
        var ex = Assert.Throws<ArgumentException>(() => Fit(ml, Enumerable.Repeat(new Row { Features = [1, 0], Label = 0 }, 5)));
        Assert.Contains("only one class", ex.Message);
    }

    [Fact]
    public void ValidationDataWithAClassTrainingNeverSawIsAClearError()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Data.LoadFromEnumerable(new[] { new Row { Features = [1, 0], Label = 0 }, new Row { Features = [0, 1], Label = 1 } });
        var validation = ml.Data.LoadFromEnumerable(new[] { new Row { Features = [1, 0], Label = 2 } });
        var trainer = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { NumberOfEpochs = 2 });
        var ex = Assert.Throws<ArgumentException>(() => trainer.Fit(train, validation));
        Assert.Contains("2 classes", ex.Message);
    }
}
