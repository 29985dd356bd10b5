using System.Diagnostics;
using System.Globalization;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Training;

namespace MlNetTwoLayer.Benchmarks;

/// <summary>
/// Seconds per epoch of the real <see cref="NetworkTrainer"/> (plain gradient descent, no shuffle,
/// like the numpy seed in the peers script) on synthetic data of the two peer shapes, and managed
/// bytes allocated per epoch after the first.
/// </summary>
internal static class TrainingBenchmark
{
    public static void Run(BenchmarkOptions options, TextWriter output)
    {
        if (options.DryRun)
        {
            Measure(output, "mnist", rows: 600, inputs: 78, hidden: 32, classes: 10, batch: 128, epochs: 2, options.Threads);
            Measure(output, "digits", rows: 300, inputs: 64, hidden: 64, classes: 10, batch: 32, epochs: 2, options.Threads);
            return;
        }
        Measure(output, "mnist", rows: 60000, inputs: 784, hidden: 128, classes: 10, batch: 128, options.MnistEpochs, options.Threads);
        Measure(output, "digits", rows: 1797, inputs: 64, hidden: 64, classes: 10, batch: 32, options.DigitsEpochs, options.Threads);
    }

    /// <summary>Trains <paramref name="epochs"/>+1 epochs; the first is a warm-up (JIT, first-touch) and is not timed.</summary>
    private static void Measure(TextWriter output, string name, int rows, int inputs, int hidden, int classes, int batch, int epochs, int threads)
    {
        DenseDataset data = Synthetic(rows, inputs, classes, seed: 11);
        var settings = new TrainingSettings
        {
            HiddenUnits = hidden,
            LearningRate = 0.05f,
            Epochs = epochs + 1,
            BatchSize = batch,
            Shuffle = false,
            Seed = 3,
            Optimizer = OptimizerKind.GradientDescent,
            // The seed's plain loop, so the figure measures the kernels: no L2 term, no early stop, a constant rate, no input standardisation.
            L2Regularization = 0,
            Patience = 0,
            Schedule = LearningRateSchedule.Constant,
            StandardizeInputs = false,
            Threads = threads,
        };
        long[] allocated = new long[epochs + 2];
        double[] seconds = new double[epochs + 2];
        double lastLoss = 0;
        var clock = Stopwatch.StartNew();
        new NetworkTrainer(settings).Train(data, validation: null, initial: null, onEpoch: report =>
        {
            seconds[report.Epoch] = clock.Elapsed.TotalSeconds;
            allocated[report.Epoch] = GC.GetTotalAllocatedBytes(precise: true);
            lastLoss = report.TrainingLoss;
        });
        double perEpoch = (seconds[epochs + 1] - seconds[1]) / epochs;
        long bytesPerEpoch = (allocated[epochs + 1] - allocated[1]) / epochs;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"train {name,-7} n={rows} d={inputs} h={hidden} k={classes} batch={batch} threads={threads} epochs={epochs} " +
            $"s/epoch={perEpoch:F5} alloc/epoch={bytesPerEpoch} loss={lastLoss:F4}"));
    }

    /// <summary>Gaussian-ish class clusters: learnable, so the loss falls and nothing diverges.</summary>
    private static DenseDataset Synthetic(int rows, int inputs, int classes, int seed)
    {
        var rng = new Random(seed);
        var centres = new float[classes * inputs];
        for (int i = 0; i < centres.Length; i++)
        {
            centres[i] = (float)(rng.NextDouble() * 2 - 1);
        }
        var features = new float[rows * inputs];
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            int label = r % classes;
            labels[r] = label;
            for (int j = 0; j < inputs; j++)
            {
                features[r * inputs + j] = centres[label * inputs + j] + (float)(rng.NextDouble() - 0.5);
            }
        }
        return new DenseDataset(features, labels, weights: null, rows, inputs, classes);
    }
}
