using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary>
/// What a fit puts into the model besides the weights: the class names and label type of a multiclass
/// label (text or key values of another type), a streamed regression's label scaling (or none when turned off), and no skipped-rows warning
/// when no row was skipped.
/// </summary>
public class TrainedModelTests
{
    private sealed class TextRow
    {
        [VectorType(OptionEffectData.Inputs)]
        public float[] Features { get; set; } = [];

        public string Label { get; set; } = "";
    }

    [Fact]
    public void AMulticlassModelKeepsTheLabelsNamesAndType()
    {
        var ml = new MLContext(seed: 1);
        string[] names = ["cat", "dog", "emu"];
        IDataView text = ml.Data.LoadFromEnumerable(OptionEffectData.Make().Select(r => new TextRow { Features = r.Features, Label = names[(int)r.Label] }));
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.TwoLayer(new TwoLayerTrainer.Options { HiddenUnits = 3, NumberOfEpochs = 1, Seed = 1, NumberOfThreads = 1 }));
        TwoLayerModelParameters fromText = pipeline.Fit(text).LastTransformer.Model;
        Assert.Equal(names, fromText.ClassNames);
        Assert.Equal(typeof(string), fromText.ClassLabelType);

        // Key values of another type keep that type: a Single column mapped to a key predicts Singles.
        IDataView single = ml.Data.LoadFromEnumerable(OptionEffectData.Make().Select(r => new OptionEffectData.Row { Features = r.Features, Label = 10 * (r.Label + 1) }));
        TwoLayerModelParameters fromSingle = pipeline.Fit(single).LastTransformer.Model;
        Assert.Equal(["10", "20", "30"], fromSingle.ClassNames);
        Assert.Equal(typeof(float), fromSingle.ClassLabelType);
    }

    [Fact]
    public void AStreamedRegressionStandardizesTheLabelOnlyWhenAskedTo()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(OptionEffectData.Make().Select(r => new OptionEffectData.Row { Features = r.Features, Label = 100 + 10 * r.Label }));
        TwoLayerRegressionTrainer.Options Options(bool standardize) => new()
        {
            HiddenUnits = 3, NumberOfEpochs = 1, Seed = 1, NumberOfThreads = 1, DataMode = TrainingDataMode.Streaming, StandardizeLabel = standardize,
        };
        TwoLayerModelParameters plain = new TwoLayerRegressionTrainer(ml, Options(false)).Fit(data).Model;
        Assert.Equal(0, plain.LabelOffset);
        Assert.Equal(1, plain.LabelScale);

        TwoLayerModelParameters standardized = new TwoLayerRegressionTrainer(ml, Options(true)).Fit(data).Model;
        double mean = OptionEffectData.Make().Average(r => 100 + 10 * (double)r.Label);
        Assert.Equal(mean, standardized.LabelOffset, 3);
        Assert.True(standardized.LabelScale > 1, $"scale {standardized.LabelScale}");
    }

    [Fact]
    public void CleanDataLogsNoSkippedRowsWarning()
    {
        var ml = new MLContext(seed: 1);
        var warnings = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Warning)
            {
                lock (warnings)
                {
                    warnings.Add(e.Message);
                }
            }
        };
        new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { HiddenUnits = 3, NumberOfEpochs = 1, Seed = 1, NumberOfThreads = 1 }).Fit(OptionEffectData.Load(ml, OptionEffectData.Make()));
        Assert.DoesNotContain(warnings, w => w.Contains("Skipped", StringComparison.Ordinal));
    }
}
