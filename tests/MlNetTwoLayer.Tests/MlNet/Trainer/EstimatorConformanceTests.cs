using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;
using Xunit.Abstractions;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary>
/// Issue 14: ML.NET's estimator conformance checks (<see cref="EstimatorConformance"/>) run on
/// LbfgsMaximumEntropy as a control and on TwoLayer: whatever the control passes, we pass.
/// </summary>
public class EstimatorConformanceTests(ITestOutputHelper output)
{
    private static EstimatorConformance.Inputs IrisInputs(MLContext ml)
    {
        IDataView raw = IrisData.Load(ml);
        IDataView featurized = IrisData.Featurize(ml).Fit(raw).Transform(raw);
        IDataView withoutLabel = ml.Transforms.DropColumns("Label").Fit(featurized).Transform(featurized);
        // Features of the wrong type: text.
        IDataView invalid = ml.Transforms.DropColumns("Features").Fit(featurized).Transform(featurized);
        invalid = ml.Transforms.CopyColumns("Features", nameof(IrisData.Flower.Species)).Fit(invalid).Transform(invalid);
        return new EstimatorConformance.Inputs(featurized, withoutLabel, invalid);
    }

    [Fact]
    public void TwoLayerPassesEveryCheckLbfgsMaximumEntropyPasses()
    {
        var ml = new MLContext(seed: 1);
        EstimatorConformance.Inputs inputs = IrisInputs(ml);
        var control = EstimatorConformance.Run(ml, ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(), inputs);
        var ours = EstimatorConformance.Run(ml, ml.MulticlassClassification.Trainers.TwoLayer(
            new TwoLayerTrainer.Options { HiddenUnits = 8, NumberOfEpochs = 20, Seed = 1, NumberOfThreads = 1 }), inputs);

        foreach (var (check, failure) in control)
        {
            output.WriteLine($"{check}: control {(failure == null ? "passed" : "failed: " + failure)}; ours {(ours[check] == null ? "passed" : "failed: " + ours[check])}");
        }
        // The control must really pass the checks, or the comparison proves nothing.
        Assert.True(control.Count(c => c.Value == null) >= control.Count - 2, "the control fails more than two checks: " + string.Join("; ", control.Where(c => c.Value != null)));
        var weFail = control.Where(c => c.Value == null && ours[c.Key] != null).Select(c => $"{c.Key}: {ours[c.Key]}").ToList();
        Assert.True(weFail.Count == 0, "TwoLayer fails checks the control passes: " + string.Join(" | ", weFail));
    }

    [Fact]
    public void ValuesTellDifferentDataApartSoTheValueChecksCanFail()
    {
        // A check that cannot fail is no check: the value comparison must see a difference in the data.
        var ml = new MLContext(seed: 1);
        EstimatorConformance.Inputs inputs = IrisInputs(ml);
        IDataView other = ml.Data.TakeRows(inputs.Fit, 10);
        Assert.NotEqual(EstimatorConformance.Values(inputs.Fit), EstimatorConformance.Values(other));
    }

    [Fact]
    public void TransformerKeepsTheTrainingLabelColumnAndSchemaLikeMulticlassPredictionTransformer()
    {
        var ml = new MLContext(seed: 1);
        EstimatorConformance.Inputs inputs = IrisInputs(ml);
        IDataView renamed = ml.Transforms.CopyColumns("Species2", "Label").Fit(inputs.Fit).Transform(inputs.Fit);
        TwoLayerTransformer ours = ml.MulticlassClassification.Trainers.TwoLayer(new TwoLayerTrainer.Options { LabelColumnName = "Species2", NumberOfEpochs = 3, Seed = 1 }).Fit(renamed);
        // MulticlassPredictionTransformer keeps both (its label column and TrainSchema) internal; ours are public.
        Assert.Equal("Species2", ours.LabelColumnName);
        Assert.Same(renamed.Schema, ours.TrainingSchema);

        using var stream = new MemoryStream();
        ml.Model.Save(ours, renamed.Schema, stream);
        stream.Position = 0;
        var loaded = Assert.IsAssignableFrom<TwoLayerTransformer>(new MLContext(seed: 2).Model.Load(stream, out _));
        Assert.Equal("Species2", loaded.LabelColumnName);
        DataViewSchema known = loaded.TrainingSchema!;
        Assert.Equal(renamed.Schema["Features"].Type, known["Features"].Type);
        Assert.Equal(renamed.Schema["Species2"].Type, known["Species2"].Type);
        VBuffer<ReadOnlyMemory<char>> before = default, after = default;
        renamed.Schema["Species2"].GetKeyValues(ref before);
        known["Species2"].GetKeyValues(ref after);
        Assert.Equal(before.DenseValues().Select(v => v.ToString()), after.DenseValues().Select(v => v.ToString()));

        loaded.Dispose();
        Assert.Throws<ObjectDisposedException>(() => loaded.Transform(renamed));
    }
}
