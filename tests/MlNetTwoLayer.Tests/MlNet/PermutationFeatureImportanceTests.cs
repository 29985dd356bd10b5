using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet;

/// <summary>Issue 14: both permutation-feature-importance overloads work on a chain ending in TwoLayer, as on LbfgsMaximumEntropy.</summary>
public class PermutationFeatureImportanceTests
{
    public sealed class Row
    {
        public float Signal { get; set; }

        public float Noise { get; set; }

        public float Echo { get; set; }

        public string Class { get; set; } = "";
    }

    private static IDataView Data(MLContext ml)
    {
        var random = new Random(5);
        var rows = Enumerable.Range(0, 240).Select(i =>
        {
            int c = i % 3;
            float signal = c + 0.3f * (float)(random.NextDouble() - 0.5);
            return new Row { Signal = signal, Noise = (float)random.NextDouble(), Echo = 0.5f * signal + 0.5f * (float)random.NextDouble(), Class = $"c{c}" };
        }).ToList();
        return ml.Data.LoadFromEnumerable(rows);
    }

    private static IEstimator<ITransformer> Featurize(MLContext ml)
        => ml.Transforms.Conversion.MapValueToKey("Label", nameof(Row.Class))
            .Append(ml.Transforms.Concatenate("Features", nameof(Row.Signal), nameof(Row.Noise), nameof(Row.Echo)))
            .Append(ml.Transforms.NormalizeMinMax("Features"));

    private static TwoLayerTrainer Trainer(MLContext ml)
        => ml.MulticlassClassification.Trainers.TwoLayer(new TwoLayerTrainer.Options { HiddenUnits = 16, NumberOfEpochs = 150, LearningRate = 0.05f, Seed = 3, NumberOfThreads = 1 });

    [Fact]
    public void WholeModelOverloadWorksOnAChainEndingInTwoLayer()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Data(ml);
        ITransformer model = Featurize(ml).Append(Trainer(ml)).Fit(data);

        // As for ML.NET's own trainers, the data is what the predictor sees: it permutes slots of the feature column.
        var importance = ml.MulticlassClassification.PermutationFeatureImportance(model, model.Transform(data), permutationCount: 2);

        Assert.Equal(["Echo", "Noise", "Signal"], importance.Keys.Order());
        double Drop(string feature) => -importance[feature].MicroAccuracy.Mean;
        Assert.True(Drop("Signal") > 0.2, $"permuting the signal should hurt: {Drop("Signal")}");
        Assert.True(Drop("Signal") > Drop("Noise") + 0.1, $"signal {Drop("Signal")} vs noise {Drop("Noise")}");
    }

    [Fact]
    public void WholeModelOverloadWorksOnALoadedModelAndOnTheTransformerAlone()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Data(ml);
        ITransformer model = Featurize(ml).Append(Trainer(ml)).Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var fresh = new MLContext(seed: 2);
        ITransformer loaded = fresh.Model.Load(stream, out _);

        var fromLoaded = fresh.MulticlassClassification.PermutationFeatureImportance(loaded, loaded.Transform(data), permutationCount: 1);
        Assert.Equal(3, fromLoaded.Count);

        IDataView featurized = Featurize(ml).Fit(data).Transform(data);
        TwoLayerTransformer alone = Trainer(ml).Fit(featurized);
        var fromAlone = ml.MulticlassClassification.PermutationFeatureImportance((ITransformer)alone, featurized, permutationCount: 1);
        Assert.True(-fromAlone["Signal"].MicroAccuracy.Mean > 0.2);
    }

    [Fact]
    public void TypedOverloadStillWorksAndAgreesWithTheWholeModelOne()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = Data(ml);
        IDataView featurized = Featurize(ml).Fit(data).Transform(data);
        TwoLayerTransformer trained = Trainer(ml).Fit(featurized);

        // Same seed, fresh contexts: both overloads draw the same permutations.
        var typed = new MLContext(seed: 7).MulticlassClassification.PermutationFeatureImportance(trained, featurized, permutationCount: 1);
        var whole = new MLContext(seed: 7).MulticlassClassification.PermutationFeatureImportance((ITransformer)trained, featurized, permutationCount: 1);

        Assert.Equal(3, typed.Length);
        Assert.Equal(typed[0].MicroAccuracy.Mean, whole["Signal"].MicroAccuracy.Mean, 6);
    }

    [Fact]
    public void ATransformerBuiltWithCreateTakesPartToo()
    {
        var ml = new MLContext(seed: 1);
        IDataView featurized = Featurize(ml).Fit(Data(ml)).Transform(Data(ml));
        TwoLayerModelParameters network = Trainer(ml).Fit(featurized).Model;

        ITransformer created = TwoLayerTransformer.Create(ml, network);

        Assert.Equal(3, ml.MulticlassClassification.PermutationFeatureImportance(created, featurized, permutationCount: 1).Count);
    }
}
