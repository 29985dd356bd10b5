using System.Globalization;
using Microsoft.ML;

namespace MlNetTwoLayer.Benchmarks;

/// <summary>
/// The cost of subnormal numbers on the hot path: the defaults through the public trainer on
/// un-centred inputs (every feature shifted by +<see cref="Offset"/>) with a small learning rate,
/// which saturates the softmax and drives gradients, moments and weights towards the bottom of the
/// float range, against the same data centred. Prints microseconds per mini-batch of each (best of
/// interleaved rounds), their ratio (1 when subnormals cost nothing) and the subnormal values left
/// in the fitted model.
/// </summary>
internal static class SubnormalBenchmark
{
    /// <summary>The shift that un-centres the inputs.</summary>
    private const float Offset = 40f;

    /// <summary>Prints a <c>subnormal</c> line per data set and a <c>subnormal-ratio</c> line.</summary>
    public static void Run(BenchmarkOptions options, TextWriter output)
    {
        int rows = options.DryRun ? 256 : 4096, inputs = 64, hidden = 64, batch = 32;
        int epochs = options.DryRun ? 2 : 30;
        int rounds = options.DryRun ? 1 : options.Rounds;
        var ml = new MLContext(seed: 1);
        IDataView centred = PublicTrainerBenchmark.SyntheticView(ml, rows, inputs, classes: 10, seed: 5);
        IDataView shifted = PublicTrainerBenchmark.SyntheticView(ml, rows, inputs, classes: 10, seed: 5, offset: Offset, scale: 10);
        double bestCentred = double.MaxValue, bestShifted = double.MaxValue;
        int leftCentred = 0, leftShifted = 0;
        for (int round = 0; round < rounds; round++)
        {
            (double c, int cl) = Measure(ml, centred, hidden, batch, epochs, options.Threads);
            (double s, int sl) = Measure(ml, shifted, hidden, batch, epochs, options.Threads);
            bestCentred = Math.Min(bestCentred, c);
            bestShifted = Math.Min(bestShifted, s);
            leftCentred = cl;
            leftShifted = sl;
        }
        double steps = Math.Ceiling(rows / (double)batch);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"subnormal data=centred    n={rows} d={inputs} h={hidden} batch={batch} epochs={epochs} us/batch={bestCentred / steps * 1e6:F1} subnormal-weights={leftCentred}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"subnormal data=uncentred  n={rows} d={inputs} h={hidden} batch={batch} epochs={epochs} us/batch={bestShifted / steps * 1e6:F1} subnormal-weights={leftShifted} (features x10 +{Offset}, lr 1e-4)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"subnormal-ratio uncentred/centred={bestShifted / bestCentred:F2} (1.0 = subnormals cost nothing)"));
    }

    private static (double SecondsPerEpoch, int Subnormals) Measure(MLContext ml, IDataView data, int hidden, int batch, int epochs, int threads)
    {
        TwoLayerTrainer.Options options = PublicTrainerBenchmark.Defaults(hidden, batch, epochs + 1, threads);
        options.LearningRate = 1e-4f;
        options.Patience = 0;
        var clock = new LastEpochsClock(epochs / 3);
        options.Progress = clock;
        TwoLayerModelParameters model = new TwoLayerTrainer(ml, options).Fit(data).Model;
        int count = Count(model.GetHiddenWeights().Cast<float>()) + Count(model.GetHiddenBiases())
            + Count(model.GetOutputWeights().Cast<float>()) + Count(model.GetOutputBiases());
        return (clock.SecondsPerEpoch(), count);
    }

    private static int Count(IEnumerable<float> values) => values.Count(v => v != 0 && MathF.Abs(v) < 1.17549435E-38f);

    /// <summary>Seconds per epoch over the last epochs, when whatever drifts towards zero has got there.</summary>
    private sealed class LastEpochsClock : IProgress<TrainingProgress>
    {
        private readonly int _timed;
        private readonly List<TimeSpan> _elapsed = [];

        public LastEpochsClock(int timed) => _timed = Math.Max(1, timed);

        public void Report(TrainingProgress value) => _elapsed.Add(value.Elapsed);

        public double SecondsPerEpoch()
        {
            int timed = Math.Min(_timed, _elapsed.Count - 1);
            return (_elapsed[^1] - _elapsed[^(timed + 1)]).TotalSeconds / timed;
        }
    }
}
