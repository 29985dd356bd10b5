using Microsoft.ML;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary>
/// The L2 penalty depends on the training rows per weight (<see cref="TwoLayerOptionsBase.L2RowsPerWeight"/>): through
/// the public trainer, a fit beyond the reference equals a fit whose λ is set by hand to λ·(r·W/rows)³ with the
/// shrinking off, and differs from one with the plain λ; up to the reference nothing changes; the default (1 row per
/// weight) is in force. Small shapes (4 inputs, 4 hidden, 3 classes: 28 weights), one epoch, so the cases stay cheap.
/// </summary>
public class L2RowsPerWeightTests
{
    private const int Weights = OptionEffectData.Inputs * 4 + 4 * OptionEffectData.Classes;

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

    private static float Shrunk(float rowsPerWeight, int rows) =>
        (float)(TwoLayerTrainer.Options.Defaults.L2Regularization * Math.Pow((double)rowsPerWeight * Weights / rows, 3));

    [Theory]
    [InlineData(TrainingDataMode.InMemory)]
    [InlineData(TrainingDataMode.Streaming)]
    public void BeyondTheReferenceThePenaltyShrinksWithTheCubeOfWeightsOverRows(TrainingDataMode mode)
    {
        const int rows = 4800;
        const float rowsPerWeight = 100; // a reference of 2800 rows
        var ml = new MLContext(1);
        IDataView data = OptionEffectData.Load(ml, OptionEffectData.Make(rows));

        float[] shrinking = Fit(ml, data, Options(mode, o => o.L2RowsPerWeight = rowsPerWeight));
        float[] byHand = Fit(ml, data, Options(mode, o => { o.L2Regularization = Shrunk(rowsPerWeight, rows); o.L2RowsPerWeight = 0; }));
        float[] constant = Fit(ml, data, Options(mode, o => o.L2RowsPerWeight = 0));

        Assert.Equal(byHand, shrinking);
        Assert.True(MaxDifference(shrinking, constant) > 1e-4, "the fit trained as if λ did not depend on the rows");
    }

    [Fact]
    public void UpToTheReferenceThePenaltyIsTheOptionsOwn()
    {
        // 4800 rows against a reference of 200 · 28 = 5600.
        var ml = new MLContext(1);
        IDataView data = OptionEffectData.Load(ml, OptionEffectData.Make(4800));
        Assert.Equal(
            Fit(ml, data, Options(TrainingDataMode.InMemory, o => o.L2RowsPerWeight = 0)),
            Fit(ml, data, Options(TrainingDataMode.InMemory, o => o.L2RowsPerWeight = 200)));
    }

    [Fact]
    public void AHeldOutFractionIsNotCountedAsTrainingRows()
    {
        // 4800 rows, a fifth held out: 3840 are trained on, fewer than the reference of 150 · 28 = 4200, so λ stays;
        // counting all 4800 would shrink it.
        var ml = new MLContext(1);
        IDataView data = OptionEffectData.Load(ml, OptionEffectData.Make(4800));
        Assert.Equal(
            Fit(ml, data, Options(TrainingDataMode.InMemory, o => { o.ValidationFraction = 0.2; o.L2RowsPerWeight = 0; })),
            Fit(ml, data, Options(TrainingDataMode.InMemory, o => { o.ValidationFraction = 0.2; o.L2RowsPerWeight = 150; })));
    }

    [Fact]
    public void ByDefaultThePenaltyShrinksBeyondOneRowPerWeight()
    {
        const int rows = 4800;
        var ml = new MLContext(1);
        IDataView data = OptionEffectData.Load(ml, OptionEffectData.Make(rows));
        Assert.Equal(1f, TwoLayerTrainer.Options.Defaults.L2RowsPerWeight);

        float[] defaults = Fit(ml, data, Options(TrainingDataMode.InMemory));
        float[] byHand = Fit(ml, data, Options(TrainingDataMode.InMemory, o => { o.L2Regularization = Shrunk(1, rows); o.L2RowsPerWeight = 0; }));
        float[] constant = Fit(ml, data, Options(TrainingDataMode.InMemory, o => o.L2RowsPerWeight = 0));

        Assert.Equal(byHand, defaults);
        Assert.True(MaxDifference(defaults, constant) > 1e-4, "the defaults trained as if λ did not depend on the rows");
    }
}
