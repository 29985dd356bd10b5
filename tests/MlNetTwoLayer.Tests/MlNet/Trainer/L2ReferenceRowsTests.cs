using Microsoft.ML;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary>
/// The L2 penalty depends on the training rows when <see cref="TwoLayerOptionsBase.L2ReferenceRows"/> is set:
/// through the public trainer, a fit with a reference of 4000 on more rows equals a fit whose λ is set by hand
/// to 3e-3·(4000/rows)² with the shrinking off, and differs from one with the plain 3e-3; up to the reference,
/// and with the default (0), nothing changes. Small shapes, one epoch, so the cases stay cheap.
/// </summary>
public class L2ReferenceRowsTests
{
    private const int Reference = 4000;

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

    private static double MaxDifference(float[] a, float[] b) => a.Zip(b).Max(p => Math.Abs(p.First - p.Second));

    [Theory]
    [InlineData(TrainingDataMode.InMemory)]
    [InlineData(TrainingDataMode.Streaming)]
    public void BeyondTheReferenceThePenaltyShrinksWithTheSquareOfTheRows(TrainingDataMode mode)
    {
        const int rows = 4800;
        var ml = new MLContext(1);
        IDataView data = OptionEffectData.Load(ml, OptionEffectData.Make(rows));
        float lambda = TwoLayerTrainer.Options.Defaults.L2Regularization;
        float shrunk = (float)(lambda * Math.Pow((double)Reference / rows, 2));

        float[] withReference = Fit(ml, data, Options(mode, o => o.L2ReferenceRows = Reference));
        float[] byHand = Fit(ml, data, Options(mode, o => o.L2Regularization = shrunk));
        float[] constant = Fit(ml, data, Options(mode));

        Assert.Equal(byHand, withReference);
        Assert.True(MaxDifference(withReference, constant) > 1e-4, "the fit trained as if λ did not depend on the rows");
    }

    [Fact]
    public void UpToTheReferenceRowsThePenaltyIsTheOptionsOwn()
    {
        var ml = new MLContext(1);
        IDataView data = OptionEffectData.Load(ml, OptionEffectData.Make(Reference));
        Assert.Equal(Fit(ml, data, Options(TrainingDataMode.InMemory)), Fit(ml, data, Options(TrainingDataMode.InMemory, o => o.L2ReferenceRows = Reference)));
    }

    [Fact]
    public void AHeldOutFractionIsNotCountedAsTrainingRows()
    {
        // 4800 rows, a fifth held out: 3840 are trained on, fewer than the reference, so λ stays 3e-3.
        var ml = new MLContext(1);
        IDataView data = OptionEffectData.Load(ml, OptionEffectData.Make(4800));
        Assert.Equal(
            Fit(ml, data, Options(TrainingDataMode.InMemory, o => o.ValidationFraction = 0.2)),
            Fit(ml, data, Options(TrainingDataMode.InMemory, o => { o.ValidationFraction = 0.2; o.L2ReferenceRows = Reference; })));
    }

    [Fact]
    public void ByDefaultThePenaltyDoesNotDependOnTheRows()
    {
        var ml = new MLContext(1);
        IDataView data = OptionEffectData.Load(ml, OptionEffectData.Make(4800));
        Assert.Equal(0, TwoLayerTrainer.Options.Defaults.L2ReferenceRows);
        Assert.Equal(Fit(ml, data, Options(TrainingDataMode.InMemory, o => o.L2ReferenceRows = 0)), Fit(ml, data, Options(TrainingDataMode.InMemory)));
    }
}
