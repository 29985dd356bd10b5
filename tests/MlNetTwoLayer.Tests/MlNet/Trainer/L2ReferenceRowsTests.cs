using Microsoft.ML;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary>
/// The default L2 penalty depends on the training rows (<see cref="TwoLayerOptionsBase.L2ReferenceRows"/>):
/// through the public trainer, a fit with the defaults on more than 4000 rows equals a fit whose λ is set by
/// hand to 3e-3·(4000/rows)² with the shrinking turned off, and differs from one with the plain 3e-3; up to
/// 4000 rows nothing changes. Small shapes, one epoch, so the cases stay cheap.
/// </summary>
public class L2ReferenceRowsTests
{
    private static TwoLayerTrainer.Options Options(TrainingDataMode mode, Action<TwoLayerTrainer.Options>? change = null)
    {
        var o = new TwoLayerTrainer.Options { HiddenUnits = 4, NumberOfEpochs = 1, Seed = 5, NumberOfThreads = 1, DataMode = mode };
        change?.Invoke(o);
        return o;
    }

    private static float[] Fit(MLContext ml, IDataView data, TwoLayerTrainer.Options options)
    {
        TwoLayerModelParameters model = new TwoLayerTrainer(ml, options).Fit(data).Model;
        return model.GetHiddenWeights().Cast<float>().Concat(model.GetOutputWeights().Cast<float>()).ToArray();
    }

    [Theory]
    [InlineData(TrainingDataMode.InMemory)]
    [InlineData(TrainingDataMode.Streaming)]
    public void TheDefaultPenaltyShrinksWithTheSquareOfTheRowsBeyondTheReference(TrainingDataMode mode)
    {
        const int rows = 4800;
        var ml = new MLContext(1);
        IDataView data = OptionEffectData.Load(ml, OptionEffectData.Make(rows));
        float lambda = TwoLayerTrainer.Options.Defaults.L2Regularization;
        int reference = TwoLayerTrainer.Options.Defaults.L2ReferenceRows;
        Assert.True(rows > reference);
        float shrunk = (float)(lambda * Math.Pow((double)reference / rows, 2));

        float[] defaults = Fit(ml, data, Options(mode));
        float[] byHand = Fit(ml, data, Options(mode, o => { o.L2ReferenceRows = 0; o.L2Regularization = shrunk; }));
        float[] constant = Fit(ml, data, Options(mode, o => o.L2ReferenceRows = 0));

        Assert.Equal(byHand, defaults);
        Assert.True(defaults.Zip(constant).Max(p => Math.Abs(p.First - p.Second)) > 1e-4, "the defaults trained as if λ did not depend on the rows");
    }

    [Fact]
    public void UpToTheReferenceRowsThePenaltyIsTheOptionsOwn()
    {
        var ml = new MLContext(1);
        IDataView data = OptionEffectData.Load(ml, OptionEffectData.Make(TwoLayerTrainer.Options.Defaults.L2ReferenceRows));
        Assert.Equal(Fit(ml, data, Options(TrainingDataMode.InMemory, o => o.L2ReferenceRows = 0)), Fit(ml, data, Options(TrainingDataMode.InMemory)));
    }

    [Fact]
    public void AHeldOutFractionIsNotCountedAsTrainingRows()
    {
        // 4800 rows, a fifth held out: 3840 are trained on, fewer than the reference, so λ stays 3e-3.
        var ml = new MLContext(1);
        IDataView data = OptionEffectData.Load(ml, OptionEffectData.Make(4800));
        Assert.Equal(
            Fit(ml, data, Options(TrainingDataMode.InMemory, o => { o.ValidationFraction = 0.2; o.L2ReferenceRows = 0; })),
            Fit(ml, data, Options(TrainingDataMode.InMemory, o => o.ValidationFraction = 0.2)));
    }
}
