using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary>
/// Arguments of the trainers' public methods: null is an <see cref="ArgumentNullException"/> naming the
/// parameter (never a NullReferenceException from inside), and an initial model's class count is the
/// one the data must fit.
/// </summary>
public class TrainerArgumentTests
{
    private static TwoLayerTrainer.Options Quick() => new() { HiddenUnits = OptionEffectData.Hidden, NumberOfEpochs = 2, Seed = 3, NumberOfThreads = 1 };

    [Fact]
    public void NullArgumentsAreRefusedByName()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = OptionEffectData.Load(ml, OptionEffectData.Make());
        var trainer = new TwoLayerTrainer(ml, Quick());

        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => new TwoLayerTrainer(ml, null!)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => new TwoLayerBinaryTrainer(ml, null!)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => new TwoLayerRegressionTrainer(ml, null!)).ParamName);
        Assert.Equal("mlContext", Assert.Throws<ArgumentNullException>(() => new TwoLayerTrainer(null!, Quick())).ParamName);
        Assert.Equal("input", Assert.Throws<ArgumentNullException>(() => trainer.Fit(null!)).ParamName);
        Assert.Equal("input", Assert.Throws<ArgumentNullException>(() => trainer.Fit(null!, OptionEffectData.InitialModel())).ParamName);
        Assert.Equal("initialModel", Assert.Throws<ArgumentNullException>(() => trainer.Fit(data, (TwoLayerModelParameters)null!)).ParamName);
        Assert.Equal("validationData", Assert.Throws<ArgumentNullException>(() => trainer.Fit(data, (IDataView)null!)).ParamName);
        Assert.Equal("inputSchema", Assert.Throws<ArgumentNullException>(() => trainer.GetOutputSchema(null!)).ParamName);
    }

    [Fact]
    public void AnInitialModelsClassesAreTheClassesEvenWhenTheDataLacksOne()
    {
        var ml = new MLContext(seed: 1);
        // Labels 0 and 1 only; the initial model knows 3 classes, so the continued model keeps 3.
        IDataView twoClasses = OptionEffectData.Load(ml, OptionEffectData.Make().Where(r => r.Label < 2));
        TwoLayerModelParameters model = new TwoLayerTrainer(ml, Quick()).Fit(twoClasses, OptionEffectData.InitialModel()).Model;
        Assert.Equal(OptionEffectData.Classes, model.ClassCount);
        Assert.Equal(["0", "1", "2"], model.ClassNames);

        // A class the model does not know is refused, naming the label column and both counts.
        IDataView fourClasses = OptionEffectData.Load(ml, OptionEffectData.Make().Select((r, i) => i == 0 ? new OptionEffectData.Row { Features = r.Features, Label = 3 } : r));
        var error = Assert.Throws<ArgumentException>(() => new TwoLayerTrainer(ml, Quick()).Fit(fourClasses, OptionEffectData.InitialModel()));
        Assert.StartsWith("The model being trained predicts 3 classes, but label column 'Label' of the training data has 4.", error.Message);
    }
}
