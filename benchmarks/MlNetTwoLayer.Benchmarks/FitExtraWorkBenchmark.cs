using System.Globalization;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Engine.Optimizers;
using MlNetTwoLayer.Engine.Training;

namespace MlNetTwoLayer.Benchmarks;

/// <summary>
/// The arithmetic behind the <c>fit-ratio</c> line: the work the defaults add to the seed configuration's
/// epoch, each piece timed alone through the engine at the benchmark's thread count. The shuffled gather
/// (one epoch of <see cref="InMemoryBatchSource"/> batches from a fresh permutation over a data set laid out
/// as the trainer lays out its standardised copy) and Adam's step less gradient descent's (the fused
/// optimisers with the trainer's L2 ranges, times the steps of an epoch), each at its cheapest (best of
/// several runs and, for the steps, of several fresh allocations). <c>(seed + extra) / seed</c> is what the
/// ratio would be if this work were simply added to the seed configuration's epoch. It is not a floor: in a
/// fit the products then read the gathered rows from cache, where the seed configuration's products read
/// them from memory, so a fit's ratio can come out below it (session 8, 1 thread: 1.06-1.10 against 1.14).
/// </summary>
internal static class FitExtraWorkBenchmark
{
    /// <summary>Prints one <c>fit-extra</c> line for the shape, against <paramref name="seedSeconds"/> per epoch.</summary>
    public static void Run(TextWriter output, string name, int rows, int inputs, int hidden, int batch, int threads, double seedSeconds, bool dryRun)
    {
        var shape = new NetworkShape(inputs, hidden, 10);
        double gather = GatherSeconds(rows, inputs, batch, shape, threads, dryRun ? 1 : 5);
        int steps = (rows + batch - 1) / batch;
        var decay = new WeightDecay(3e-3f, (0, shape.W1Length), (shape.W2Offset, shape.W2Length));
        using var engine = new GemmEngine(threads);
        int repetitions = dryRun ? 3 : 300;
        // Best of a few fresh optimisers and buffers, alternating: a step's cost moves with where its
        // arrays land (up to 1.7x between two allocations in one process, docs/performance-history.md "Session 8").
        double adam = double.MaxValue, plain = double.MaxValue;
        for (int instance = 0; instance < (dryRun ? 1 : 4); instance++)
        {
            adam = Math.Min(adam, OptimizerBenchmark.Best(repetitions, OptimizerFactory.Create(OptimizerKind.Adam, shape.ParameterCount, 0.9f, 0.9f, 0.999f, 1e-8f, decay, engine), shape.ParameterCount, subnormal: false, warmUpSeconds: 0.15));
            plain = Math.Min(plain, OptimizerBenchmark.Best(repetitions, OptimizerFactory.Create(OptimizerKind.GradientDescent, shape.ParameterCount, 0.9f, 0.9f, 0.999f, 1e-8f, WeightDecay.None, engine), shape.ParameterCount, subnormal: false, warmUpSeconds: 0.15));
        }
        double extra = gather + steps * (adam - plain);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fit-extra {name,-7} threads={threads} seed-s/epoch={seedSeconds:F5} gather-s/epoch={gather:F5} adam-minus-gd-s/epoch={steps * (adam - plain):F5} " +
            $"(adam {adam * 1e6:F1} us/step, gd {plain * 1e6:F1}) (seed+extra)/seed={(seedSeconds + extra) / seedSeconds:F3}"));
    }

    /// <summary>Best seconds of one epoch of shuffled batches (the permutation included).</summary>
    private static double GatherSeconds(int rows, int inputs, int batch, NetworkShape shape, int threads, int epochs)
    {
        DenseDataset data = EngineDatasets.Uniform(rows, inputs);
        using var engine = new GemmEngine(threads);
        var workspace = new BatchWorkspace(shape, batch, engine, needsInputBuffer: true);
        var source = new InMemoryBatchSource(data, batch, shuffle: true, workspace);
        var seeds = new SeededRandom(7);
        double best = double.MaxValue;
        for (int e = 0; e <= epochs; e++)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            source.BeginEpoch(seeds);
            while (source.NextBatch(out _))
            {
            }
            double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
            // The first epoch touches the workspace and the pages for the first time.
            if (e > 0)
            {
                best = Math.Min(best, seconds);
            }
        }
        return best;
    }
}
