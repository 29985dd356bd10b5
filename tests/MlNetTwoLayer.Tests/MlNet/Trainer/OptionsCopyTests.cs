using Microsoft.ML;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary>
/// A trainer keeps a copy of its options: changing the options object (or the class-weight array in it)
/// after the trainer was built changes nothing, as with ML.NET's own trainers.
/// </summary>
public class OptionsCopyTests
{
    private static TwoLayerTrainer.Options Multiclass() => new()
    {
        HiddenUnits = OptionEffectData.Hidden,
        NumberOfEpochs = 3,
        BatchSize = 8,
        Seed = 5,
        NumberOfThreads = 1,
        ClassWeights = [1, 2, 3],
    };

    private static float[] Weights(TwoLayerModelParameters model) => model.GetHiddenWeights().Cast<float>().Concat(model.GetOutputWeights().Cast<float>()).ToArray();

    [Fact]
    public void ChangingTheOptionsOrTheirClassWeightsAfterBuildingChangesNothing()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = OptionEffectData.Load(ml, OptionEffectData.Make());
        float[] expected = Weights(new TwoLayerTrainer(ml, Multiclass()).Fit(data).Model);

        TwoLayerTrainer.Options options = Multiclass();
        var trainer = new TwoLayerTrainer(ml, options);
        options.ClassWeights![0] = 10; // in place: the trainer must hold its own array
        options.HiddenUnits = 2;
        options.LearningRate *= 10;
        float[] actual = Weights(trainer.Fit(data).Model);
        Assert.Equal(expected, actual);

        // The changed weights do change the model, so the comparison above can fail.
        TwoLayerTrainer.Options changed = Multiclass();
        changed.ClassWeights![0] = 10;
        Assert.NotEqual(expected, Weights(new TwoLayerTrainer(ml, changed).Fit(data).Model));
    }

    [Fact]
    public void ChangingTheRegressionLossAfterBuildingChangesNothing()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(OptionEffectData.Make().Select(r => new OptionEffectData.Row { Features = r.Features, Label = 3 * r.Label - 2 + r.Features[0], Weight = 1 }));
        TwoLayerRegressionTrainer.Options Options() => new()
        {
            HiddenUnits = 4, NumberOfEpochs = 3, BatchSize = 8, Seed = 5, NumberOfThreads = 1,
            LossFunction = TwoLayerRegressionLoss.Huber, HuberDelta = 0.05f, StandardizeLabel = false,
        };
        float[] expected = Weights(new TwoLayerRegressionTrainer(ml, Options()).Fit(data).Model);

        TwoLayerRegressionTrainer.Options options = Options();
        var trainer = new TwoLayerRegressionTrainer(ml, options);
        options.LossFunction = TwoLayerRegressionLoss.SquaredError;
        options.HuberDelta = 100;
        options.StandardizeLabel = true;
        Assert.Equal(expected, Weights(trainer.Fit(data).Model));

        TwoLayerRegressionTrainer.Options squared = Options();
        squared.LossFunction = TwoLayerRegressionLoss.SquaredError;
        Assert.NotEqual(expected, Weights(new TwoLayerRegressionTrainer(ml, squared).Fit(data).Model));
    }
}
