using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Engine.Network;

namespace MlNetTwoLayer.Tests.Helpers;

/// <summary>
/// Small generated data sets for the binary and regression trainers: four features in [-2, 2], a
/// smooth non-linear function of them, and noise, so a two-layer network learns them and a linear
/// model does not fully.
/// </summary>
public static class TaskData
{
    public sealed class BinaryRow
    {
        [VectorType(4)]
        public float[] Measurements { get; set; } = [];

        public bool Label { get; set; }

        public float Weight { get; set; } = 1;
    }

    public sealed class RegressionRow
    {
        [VectorType(4)]
        public float[] Measurements { get; set; } = [];

        public float Label { get; set; }
    }

    /// <summary>The function both tasks learn.</summary>
    public static double Signal(float[] x) => Math.Sin(1.5 * x[0]) + 0.5 * x[1] * x[2] - 0.3 * x[3];

    /// <summary><paramref name="rows"/> rows; about <paramref name="positiveFraction"/> of them true.</summary>
    public static List<BinaryRow> Binary(int rows, int seed, double positiveFraction = 0.5)
    {
        var random = new SeededRandom(seed);
        // The threshold that makes the wanted fraction positive, from a large sample of the signal.
        var sample = Enumerable.Range(0, 4000).Select(_ => Signal(Features(random))).OrderBy(v => v).ToArray();
        double threshold = sample[(int)((1 - positiveFraction) * (sample.Length - 1))];
        return Enumerable.Range(0, rows).Select(_ =>
        {
            float[] x = Features(random);
            double noisy = Signal(x) + 0.1 * (random.NextSingle() - 0.5);
            return new BinaryRow { Measurements = x, Label = noisy > threshold };
        }).ToList();
    }

    /// <summary><paramref name="rows"/> rows with labels <c>offset + scale·signal + noise</c>.</summary>
    public static List<RegressionRow> Regression(int rows, int seed, double offset = 0, double scale = 1)
    {
        var random = new SeededRandom(seed);
        return Enumerable.Range(0, rows).Select(_ =>
        {
            float[] x = Features(random);
            double y = Signal(x) + 0.05 * (random.NextSingle() - 0.5);
            return new RegressionRow { Measurements = x, Label = (float)(offset + scale * y) };
        }).ToList();
    }

    /// <summary>Measurements concatenated into Features (a copy, as a real pipeline would have).</summary>
    public static IEstimator<ITransformer> Featurize(MLContext ml) => ml.Transforms.CopyColumns("Features", "Measurements");

    private static float[] Features(SeededRandom random) => Enumerable.Range(0, 4).Select(_ => 4f * random.NextSingle() - 2f).ToArray();
}
