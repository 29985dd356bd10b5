using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Tests.Helpers;

namespace MlNetTwoLayer.Tests.MlNet.Persistence;

/// <summary>A small Iris pipeline (featurisers, TwoLayer, MapKeyToValue) trained once and shared by the persistence tests.</summary>
public sealed class IrisModels
{
    public sealed class Prediction
    {
        public float[] Score { get; set; } = [];

        public string PredictedSpecies { get; set; } = "";
    }

    public IrisModels()
    {
        Context = new MLContext(seed: 7);
        Data = IrisData.Load(Context);
        var pipeline = IrisData.Featurize(Context)
            .Append(Context.MulticlassClassification.Trainers.TwoLayer(new TwoLayerTrainer.Options { HiddenUnits = 8, NumberOfEpochs = 30, LearningRate = 0.05f, Seed = 3 }))
            .Append(Context.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel"));
        Chain = pipeline.Fit(Data);
        Network = Chain.OfType<TwoLayerTransformer>().Single();
    }

    public MLContext Context { get; }

    public IDataView Data { get; }

    public TransformerChain<Microsoft.ML.Transforms.KeyToValueMappingTransformer> Chain { get; }

    public TwoLayerTransformer Network { get; }

    /// <summary>Flowers covering the three species, for prediction checks.</summary>
    public static IrisData.Flower[] Probes { get; } =
    [
        new() { Measurements = [5.1f, 3.5f, 1.4f, 0.2f] },
        new() { Measurements = [6.4f, 3.2f, 4.5f, 1.5f] },
        new() { Measurements = [6.3f, 3.3f, 6.0f, 2.5f] },
        new() { Measurements = [5.9f, 3.0f, 5.1f, 1.8f] },
    ];

    /// <summary>Every Score value of a scored view, as raw bits so equality is exact.</summary>
    public static int[] ScoreBits(IDataView scored)
        => scored.GetColumn<VBuffer<float>>("Score").SelectMany(v => v.DenseValues()).Select(BitConverter.SingleToInt32Bits).ToArray();

    /// <summary>Score bits and class names from a PredictionEngine over <see cref="Probes"/>.</summary>
    public static (int[] Bits, string[] Species) Predict(MLContext ml, ITransformer model)
    {
        var engine = ml.Model.CreatePredictionEngine<IrisData.Flower, Prediction>(model);
        var predictions = Probes.Select(engine.Predict).Select(p => (p.Score.ToArray(), p.PredictedSpecies)).ToList();
        return (predictions.SelectMany(p => p.Item1).Select(BitConverter.SingleToInt32Bits).ToArray(), predictions.Select(p => p.PredictedSpecies).ToArray());
    }
}
