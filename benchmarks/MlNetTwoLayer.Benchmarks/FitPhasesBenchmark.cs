using System.Diagnostics;
using System.Globalization;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Engine.Optimizers;
using MlNetTwoLayer.Engine.Training;

namespace MlNetTwoLayer.Benchmarks;

/// <summary>
/// Where an epoch goes, phase by phase (<c>TWOLAYER_BENCH_PHASES=1</c> with <c>--fit</c>): the training step's loop run through
/// the engine as <see cref="DenseTrainingStep"/> runs it (gather, forward with loss, backward, optimiser step with the next
/// batch's gather alongside), each phase of every batch timed, and the median batch's time times the batches of an epoch
/// quoted. A median over hundreds of batches moves much less than an epoch's total on a shared machine, which is what made
/// session 8's findings visible (docs/performance-history.md). Each configuration runs in several fresh instances, because a
/// step's cost moves with where its arrays land. A diagnostic: the fit itself is timed by the <c>fit</c> lines.
/// </summary>
internal static class FitPhasesBenchmark
{
    /// <summary>Prints one <c>fit-phases</c> line per configuration and instance.</summary>
    public static void Run(TextWriter output, string name, int rows, int inputs, int hidden, int batch, int threads, bool dryRun)
    {
        DenseDataset data = EngineDatasets.Uniform(rows, inputs);
        var shape = new NetworkShape(inputs, hidden, 10);
        int instances = dryRun ? 1 : 3, epochs = dryRun ? 2 : 4;
        for (int instance = 0; instance < instances; instance++)
        {
            foreach (bool defaults in new[] { false, true })
            {
                double[] ms = Phases(data, shape, batch, threads, defaults, epochs);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"fit-phases {name,-7} threads={threads} config={(defaults ? "defaults" : "seed    ")} instance={instance} ms/epoch (median batch x batches): " +
                    $"total={ms[0]:F2} gather={ms[1]:F2} forward={ms[2]:F2} backward={ms[3]:F2} step={ms[4]:F2}"));
            }
        }
    }

    private static double[] Phases(DenseDataset data, NetworkShape shape, int batch, int threads, bool defaults, int epochs)
    {
        using var gemm = new GemmEngine(threads);
        var ws = new BatchWorkspace(shape, batch, gemm, needsInputBuffer: defaults);
        var source = new InMemoryBatchSource(data, batch, shuffle: defaults, ws);
        var parameters = new NetworkParameters(shape);
        WeightInitializer.Initialize(parameters, WeightInitialization.He, new SeededRandom(5));
        var network = new TwoLayerNetwork(parameters);
        var gradients = new NetworkParameters(shape);
        // The defaults' L2 over W1 and W2, as DenseTrainingStep folds it in; the seed configuration has none.
        var decay = new WeightDecay(defaults ? 3e-3f : 0, (0, shape.W1Length), (shape.W2Offset, shape.W2Length));
        IOptimizer optimizer = OptimizerFactory.Create(defaults ? OptimizerKind.Adam : OptimizerKind.GradientDescent, shape.ParameterCount,
            0.9f, 0.9f, 0.999f, 1e-8f, decay, gemm);
        var seeds = new SeededRandom(3);
        var times = new List<long>[5];
        for (int i = 0; i < times.Length; i++)
        {
            times[i] = [];
        }
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            source.BeginEpoch(seeds);
            while (true)
            {
                long a = Stopwatch.GetTimestamp();
                if (!source.NextBatch(out BatchView view))
                {
                    break;
                }
                long b = Stopwatch.GetTimestamp();
                network.ForwardWithLoss(view.X, view.Rows, view.Y, view.T, view.W, ws);
                long c = Stopwatch.GetTimestamp();
                network.Backward(view.X, view.Rows, view.Y, view.T, view.W, view.Rows, ws, gradients);
                long d = Stopwatch.GetTimestamp();
                optimizer.Step(parameters.Values, gradients.Values, defaults ? 1e-3f : 0.05f, source.PrepareNextGather());
                long e = Stopwatch.GetTimestamp();
                // The first epoch touches every page and buffer for the first time.
                if (epoch > 0)
                {
                    times[0].Add(e - a);
                    times[1].Add(b - a);
                    times[2].Add(c - b);
                    times[3].Add(d - c);
                    times[4].Add(e - d);
                }
            }
        }
        int batches = (data.Rows + batch - 1) / batch;
        return times.Select(t => t.Count == 0 ? 0 : Median(t) * batches * 1000.0 / Stopwatch.Frequency).ToArray();
    }

    private static double Median(List<long> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
