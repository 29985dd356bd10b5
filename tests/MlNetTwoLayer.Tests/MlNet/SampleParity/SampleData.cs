using Microsoft.ML.Data;

namespace MlNetTwoLayer.Tests.MlNet.SampleParity;

/// <summary>
/// Tiny generated data in the shapes ML.NET's own samples use (machinelearning-samples and the docs samples),
/// so the sample-parity tests run the samples' pipelines in well under a second each.
/// </summary>
internal static class SampleData
{
    /// <summary>Options small enough for a unit test; the clusters below are easy.</summary>
    public static TwoLayerTrainer.Options Fast(string label = "Label") => new() { LabelColumnName = label, HiddenUnits = 8, NumberOfEpochs = 40, Seed = 1 };

    /// <summary>The Iris sample's row: a float class index and four separate float columns.</summary>
    public sealed class FlowerRow
    {
        [LoadColumn(0)] public float Label { get; set; }
        [LoadColumn(1)] public float SepalLength { get; set; }
        [LoadColumn(2)] public float SepalWidth { get; set; }
        [LoadColumn(3)] public float PetalLength { get; set; }
        [LoadColumn(4)] public float PetalWidth { get; set; }
    }

    /// <summary>Three separable classes 0, 1, 2 along the petal columns, with a little deterministic jitter.</summary>
    public static List<FlowerRow> Flowers(int count = 90)
        => Enumerable.Range(0, count).Select(i =>
        {
            int c = i % 3;
            float jitter = 0.05f * (i % 7);
            return new FlowerRow { Label = c, SepalLength = 5 + jitter, SepalWidth = 3 - jitter, PetalLength = 1.5f + 2 * c + jitter, PetalWidth = 0.2f + 0.8f * c + jitter };
        }).ToList();

    /// <summary>The docs samples' row (LbfgsMaximumEntropy, SdcaMaximumEntropy, ...): a uint label 1..3 and a 20-wide vector.</summary>
    public sealed class DocsPoint
    {
        public uint Label { get; set; }

        [VectorType(20)]
        public float[] Features { get; set; } = [];
    }

    /// <summary>The docs samples' generator, smaller: features are the label × 0.2 plus uniform noise in ±0.5.</summary>
    public static List<DocsPoint> DocsPoints(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            int label = random.Next(1, 4);
            return new DocsPoint { Label = (uint)label, Features = Enumerable.Range(0, 20).Select(_ => (float)(random.NextDouble() - 0.5) + label * 0.2f).ToArray() };
        }).ToList();
    }

    /// <summary>The docs prediction class: both columns are keys read as their raw uint index.</summary>
    public sealed class DocsPrediction
    {
        public uint Label { get; set; }
        public uint PredictedLabel { get; set; }
    }

    /// <summary>A scoring class with only the probabilities, as the Iris and MNIST samples use.</summary>
    public sealed class ScoreOnly
    {
        public float[] Score { get; set; } = [];
    }
}
