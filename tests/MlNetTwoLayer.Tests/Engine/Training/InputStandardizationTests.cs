using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Tests.Helpers;
using MlNetTwoLayer.Engine.Training;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Training;

/// <summary>Options.StandardizeInputs (issue 15): through the public trainer, and the fold into W1/b1 it rests on.</summary>
public class InputStandardizationTests
{
    public sealed class Point
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    /// <summary>
    /// Three classes around the corners of a triangle in 3-D, as ML.NET's default NormalizeMeanVariance
    /// leaves them: every feature offset far from 0 (mean ≈ 5 standard deviations), so that a network
    /// that does not centre its inputs starts with all ReLU units sharing one large offset.
    /// </summary>
    private static List<Point> Triangle(int count, int seed, float offset, float scale)
    {
        var random = new SeededRandom(seed);
        float[][] centres = [[3f, 0, 0], [-1.5f, 2.6f, 0], [-1.5f, -2.6f, 0]];
        var points = new List<Point>();
        for (int i = 0; i < count; i++)
        {
            int label = random.NextInt(3);
            float[] f = new float[3];
            for (int k = 0; k < 3; k++)
            {
                double g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                f[k] = offset + scale * (centres[label][k] + (float)g);
            }
            points.Add(new Point { Features = f, Label = label });
        }
        return points;
    }

    private static (double Accuracy, float[] Predicted) FitAndScore(MLContext ml, List<Point> train, List<Point> test, TwoLayerTrainer.Options options)
    {
        TwoLayerTransformer model = new TwoLayerTrainer(ml, options).Fit(ml.Data.LoadFromEnumerable(train));
        IDataView scored = model.Transform(ml.Data.LoadFromEnumerable(test));
        uint[] predicted = scored.GetColumn<uint>("PredictedLabel").ToArray();
        double accuracy = predicted.Zip(test).Count(p => p.First - 1 == (uint)p.Second.Label) / (double)test.Count;
        return (accuracy, predicted.Select(p => (float)p).ToArray());
    }

    private static TwoLayerTrainer.Options Short(bool standardize) =>
        new() { StandardizeInputs = standardize, NumberOfEpochs = 15, Patience = 0, HiddenUnits = 16, Seed = 7, NumberOfThreads = 1 };

    [Fact]
    public void StandardizingMakesAnOffsetAndScaleOfTheFeaturesIrrelevant()
    {
        var ml = new MLContext(seed: 1);
        (double plain, float[] plainPredicted) = FitAndScore(ml, Triangle(600, 1, 0, 1), Triangle(600, 2, 0, 1), Short(true));
        (double shifted, float[] shiftedPredicted) = FitAndScore(ml, Triangle(600, 1, 40, 0.2f), Triangle(600, 2, 40, 0.2f), Short(true));

        Assert.InRange(plain, 0.85, 1.0);
        // The same standardised rows train the same network: the predictions agree but for float rounding.
        double agreement = plainPredicted.Zip(shiftedPredicted).Count(p => p.First == p.Second) / (double)plainPredicted.Length;
        Assert.InRange(agreement, 0.99, 1.0);
        Assert.InRange(shifted, plain - 0.01, 1.0);
    }

    [Fact]
    public void WithoutStandardizingTheSameShortFitUnderfitsOffsetFeatures()
    {
        // The control of the test above: if StandardizeInputs were ignored (always on or always off), one of the two fails.
        var ml = new MLContext(seed: 1);
        (double on, _) = FitAndScore(ml, Triangle(600, 1, 40, 0.2f), Triangle(600, 2, 40, 0.2f), Short(true));
        (double off, _) = FitAndScore(ml, Triangle(600, 1, 40, 0.2f), Triangle(600, 2, 40, 0.2f), Short(false));
        Assert.True(off < on - 0.05, $"accuracy without standardising {off:F3}, with {on:F3}");
    }

    [Fact]
    public void StreamingStandardizesToo()
    {
        var ml = new MLContext(seed: 1);
        TwoLayerTrainer.Options options = Short(true);
        options.DataMode = TrainingDataMode.Streaming;
        (double streamed, _) = FitAndScore(ml, Triangle(600, 1, 40, 0.2f), Triangle(600, 2, 40, 0.2f), options);
        options.StandardizeInputs = false;
        (double plain, _) = FitAndScore(ml, Triangle(600, 1, 40, 0.2f), Triangle(600, 2, 40, 0.2f), options);
        Assert.InRange(streamed, 0.85, 1.0);
        Assert.True(plain < streamed - 0.05, $"streaming accuracy without standardising {plain:F3}, with {streamed:F3}");
    }

    [Fact]
    public void ContinuingFromAnInitialModelStartsFromItsWeights()
    {
        // The initial model scores raw inputs; it must be unfolded into standardised space, or the
        // first step would start from a different function.
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Triangle(300, 1, 40, 0.2f));
        TwoLayerTransformer first = new TwoLayerTrainer(ml, Short(true)).Fit(data);
        TwoLayerTrainer.Options again = Short(true);
        again.LearningRate = 1e-9f;
        again.NumberOfEpochs = 1;
        TwoLayerTransformer second = new TwoLayerTrainer(ml, again).Fit(data, first.Model);
        float[] a = first.Transform(data).GetColumn<float[]>("Score").SelectMany(s => s).ToArray();
        float[] b = second.Transform(data).GetColumn<float[]>("Score").SelectMany(s => s).ToArray();
        Tolerance.AllClose(a, b, 1e-3, 1e-4);
    }

    [Fact]
    public void FoldingGivesRawInputsTheStandardisedPreActivations()
    {
        var shape = new NetworkShape(4, 5, 2);
        var random = new SeededRandom(3);
        var rows = new float[50 * 4];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = (float)((i % 4 + 1) * 10 + random.NextDouble() * (i % 4 == 3 ? 0 : i % 4 + 1)); // feature 3 constant
        }
        var data = new DenseDataset(rows, new int[50], null, 50, 4, 2);
        InputStandardizer standardizer = InputStandardizer.Fit(data);
        DenseDataset z = standardizer.Apply(data);
        var p = new NetworkParameters(shape);
        for (int i = 0; i < p.Values.Length; i++)
        {
            p.Values[i] = (float)(random.NextDouble() * 2 - 1);
        }
        NetworkParameters folded = p.Clone();
        standardizer.FoldInto(folded);
        for (int r = 0; r < 50; r++)
        {
            for (int j = 0; j < shape.Hidden; j++)
            {
                double onZ = p.B1[j], onRaw = folded.B1[j];
                for (int i = 0; i < 4; i++)
                {
                    onZ += z.Features[r * 4 + i] * (double)p.W1[i * shape.Hidden + j];
                    onRaw += rows[r * 4 + i] * (double)folded.W1[i * shape.Hidden + j];
                }
                Tolerance.Close(onZ, onRaw, 1e-4, 1e-4, $"row {r} unit {j}");
            }
        }
        Assert.Equal(0, z.Features.Where((_, i) => i % 4 == 3).Max(v => Math.Abs(v)), 6); // a constant feature is only centred
        standardizer.UnfoldFrom(folded);
        Tolerance.AllClose(p.Values, folded.Values, 1e-5, 1e-5);
        Assert.Equal(p.W2.ToArray(), folded.W2.ToArray()); // the output layer is untouched
    }
}
