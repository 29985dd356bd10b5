using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.Reliability;

/// <summary>Cases a code review found, each failing before its fix.</summary>
public class ReviewRegressionTests
{
    private static TwoLayerModelParameters Tiny(IReadOnlyList<string>? names)
        => new(new float[1, 1] { { 1 } }, [0], new float[1, 2] { { 1, -1 } }, [0, 0], names, HiddenActivation.Relu);

    [Fact]
    public void StreamingCapsTheBatchAtTheRowCount()
    {
        var ml = new MLContext(seed: 1);
        var data = new SyntheticDataView(100, 4, 3, seed: 2);
        var options = new TwoLayerTrainer.Options { DataMode = TrainingDataMode.Streaming, BatchSize = 50_000_000, NumberOfEpochs = 1, HiddenUnits = 100, Seed = 1 };
        TwoLayerTransformer model = new TwoLayerTrainer(ml, options).Fit(data);
        Assert.Single(model.History!.TrainingLoss);
    }

    [Fact]
    public void AModelThatCannotBeSavedCannotBeBuilt()
    {
        var tooLong = Assert.Throws<ArgumentException>(() => Tiny([new string('x', 70_000), "b"]));
        Assert.Contains("UTF-8 bytes", tooLong.Message);
        var loneSurrogate = Assert.Throws<ArgumentException>(() => Tiny(["\ud800", "b"]));
        Assert.Contains("surrogate", loneSurrogate.Message);

        TwoLayerModelParameters fine = Tiny(["é", "日本"]);
        using var stream = new MemoryStream();
        fine.Save(stream);
        stream.Position = 0;
        Assert.Equal(["é", "日本"], TwoLayerModelParameters.Load(stream).ClassNames);
    }

    public sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    [Fact]
    public void AHugeSingleLabelIsAClearErrorNotAnOutOfMemory()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new Row { Features = [0, 1], Label = 0 }, new Row { Features = [1, 0], Label = 3e8f } });
        var ex = Assert.Throws<InvalidOperationException>(() => new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { NumberOfEpochs = 1 }).Fit(data));
        Assert.Contains("not a class index", ex.Message);
    }

    [Fact]
    public void SavingToAReadOnlyStreamIsAClearError()
    {
        using var readOnly = new MemoryStream(new byte[16], writable: false);
        Assert.Equal("stream", Assert.Throws<ArgumentException>(() => Tiny(null).Save(readOnly)).ParamName);
    }

    [Fact]
    public void ArrayConstructorErrorsNameThePublicParameters()
    {
        Assert.Equal("hiddenWeights", Assert.Throws<ArgumentNullException>(() => new TwoLayerModelParameters(null!, [0], new float[1, 2], [0, 0])).ParamName);
        Assert.Equal("hiddenBiases", Assert.Throws<ArgumentException>(() => new TwoLayerModelParameters(new float[1, 1], [0, 0], new float[1, 2], [0, 0])).ParamName);
        Assert.Equal("outputBiases", Assert.Throws<ArgumentException>(() => new TwoLayerModelParameters(new float[1, 1], [0], new float[1, 2], [0])).ParamName);
    }
}
