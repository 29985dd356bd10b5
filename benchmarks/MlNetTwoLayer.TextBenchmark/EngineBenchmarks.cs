using System.Diagnostics;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Engine.Optimizers;
using MlNetTwoLayer.Engine.Training;

namespace MlNetTwoLayer.TextBenchmark;

/// <summary>
/// Engine-level measurements of the sparse path: the cost of each part of a step (<c>kernels</c>),
/// and dense against sparse training on the same rows at a range of densities (<c>crossover</c>),
/// which is where <see cref="DatasetLayout.SparseBelowDensity"/> comes from.
/// </summary>
internal static class EngineBenchmarks
{
    /// <summary>Times the parts of sparse steps on text-like batches.</summary>
    public static void Kernels(int inputs, int nonZerosPerRow, int hidden, int batch, int threads)
    {
        SparseDataset data = Synthetic(2000, inputs, nonZerosPerRow, 10, seed: 1);
        var shape = new NetworkShape(inputs, hidden, 10);
        var parameters = new NetworkParameters(shape);
        if (Environment.GetEnvironmentVariable("TLNN_NO_HUGEPAGES") == null)
        {
            HugePages.Advise(parameters.Values);
        }
        WeightInitializer.Initialize(parameters, WeightInitialization.He, new SeededRandom(1));
        var network = new TwoLayerNetwork(parameters);
        using var gemm = new GemmEngine(threads);
        var ws = new BatchWorkspace(shape, batch, gemm, needsInputBuffer: false);
        var gradients = new SparseGradients(shape);
        IRowOptimizer adam = RowOptimizerFactory.Create(OptimizerKind.Adam, shape.W1Length, 0.9f, 0.9f, 0.999f, 1e-8f);
        IOptimizer tail = OptimizerFactory.Create(OptimizerKind.Adam, shape.ParameterCount - shape.B1Offset, 0.9f, 0.9f, 0.999f, 1e-8f);
        var watch = new Stopwatch[5].Select(_ => new Stopwatch()).ToArray();
        long nnz = 0;
        int steps = 0;
        for (int round = 0; round < 2; round++)
        {
            foreach (Stopwatch w in watch)
            {
                w.Reset();
            }
            nnz = 0;
            steps = 0;
            for (int start = 0; start + batch <= data.Rows; start += batch)
            {
                var x = new CsrBatch(data.RowStarts.AsSpan(start, batch + 1), data.Indices, data.Values, batch, inputs);
                ReadOnlySpan<int> y = data.Labels.AsSpan(start, batch);
                watch[0].Start();
                network.ForwardWithLoss(x, y, default, ws);
                watch[0].Stop();
                watch[1].Start();
                network.Backward(x, y, default, batch, ws, gradients);
                watch[1].Stop();
                watch[2].Start();
                network.AddL2Gradient(gradients, 1e-4f, includeW1Rows: false);
                watch[2].Stop();
                watch[3].Start();
                adam.Step(parameters.Values, hidden, gradients.Slots.TouchedArray, gradients.TouchedRows.Length, gradients.W1RowsArray, 0.01f, 1e-4f, gemm);
                watch[3].Stop();
                watch[4].Start();
                tail.Step(parameters.Values.AsSpan(shape.B1Offset), gradients.Dense, 0.01f);
                watch[4].Stop();
                nnz += x.NonZeros;
                steps++;
            }
        }
        string[] names = ["forward", "backward", "l2", "lazy-adam", "tail-adam"];
        double total = watch.Sum(w => w.Elapsed.TotalSeconds);
        Console.WriteLine($"kernels inputs={inputs} nnz/row={nonZerosPerRow} hidden={hidden} batch={batch} threads={threads} touched/step={gradients.TouchedRows.Length}: " +
            string.Join(" ", names.Select((n, i) => $"{n}={watch[i].Elapsed.TotalMilliseconds * 1000 / steps:F0}us")) +
            $" total={total * 1e6 / steps:F0}us/step nnz_per_s={nnz / total:E3}");
    }

    /// <summary>Seconds per epoch (best of three interleaved rounds), dense against sparse, on the same rows at several densities.</summary>
    public static void Crossover(int rows, int hidden, int threads)
    {
        foreach (int inputs in new[] { 256, 2048 })
        {
            foreach (double density in new[] { 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0 })
            {
                int perRow = Math.Max(1, (int)(inputs * density));
                SparseDataset sparse = Synthetic(rows, inputs, perRow, 10, seed: 2);
                DenseDataset dense = Densify(sparse);
                var settings = new TrainingSettings { HiddenUnits = hidden, LearningRate = 0.01f, Epochs = 2, BatchSize = 32, Seed = 1, Threads = threads };
                double Time(Dataset d)
                {
                    new NetworkTrainer(settings with { Epochs = 1 }).Train(d, null, null); // warm-up
                    var clock = Stopwatch.StartNew();
                    new NetworkTrainer(settings).Train(d, null, null);
                    return clock.Elapsed.TotalSeconds / settings.Epochs;
                }
                // Best of three interleaved rounds: the machine is shared, the minimum is the least disturbed.
                double sparseSeconds = double.MaxValue, denseSeconds = double.MaxValue;
                for (int round = 0; round < 3; round++)
                {
                    sparseSeconds = Math.Min(sparseSeconds, Time(sparse));
                    denseSeconds = Math.Min(denseSeconds, Time(dense));
                }
                Console.WriteLine($"crossover inputs={inputs} density={density:F2} hidden={hidden} threads={threads}: dense={denseSeconds * 1000:F1}ms/epoch sparse={sparseSeconds * 1000:F1}ms/epoch sparse/dense={sparseSeconds / denseSeconds:F2}");
            }
        }
    }

    /// <summary>Text-like rows: <paramref name="perRow"/> distinct Zipf-distributed indices, count-like values, a learnable label.</summary>
    public static SparseDataset Synthetic(int rows, int inputs, int perRow, int classes, int seed)
    {
        var random = new Random(seed);
        var starts = new int[rows + 1];
        var indices = new int[(long)rows * perRow];
        var values = new float[indices.Length];
        var labels = new int[rows];
        var chosen = new HashSet<int>();
        int at = 0;
        for (int r = 0; r < rows; r++)
        {
            chosen.Clear();
            while (chosen.Count < Math.Min(perRow, inputs))
            {
                // Zipf-like: small indices are common, as frequent words are.
                chosen.Add((int)Math.Min(inputs - 1, Math.Floor(Math.Pow(inputs, random.NextDouble())) - 1 + (chosen.Count == 0 ? 0 : random.Next(2))));
                if (chosen.Count < perRow && random.NextDouble() < 0.5)
                {
                    chosen.Add(random.Next(inputs));
                }
            }
            foreach (int j in chosen.Order())
            {
                indices[at] = j;
                values[at++] = 1 + random.Next(3);
            }
            starts[r + 1] = at;
            labels[r] = indices[starts[r] + random.Next(at - starts[r])] % classes;
        }
        return new SparseDataset(starts, indices, values, labels, null, rows, inputs, classes);
    }

    private static DenseDataset Densify(SparseDataset s)
    {
        var features = new float[(long)s.Rows * s.Inputs];
        for (int r = 0; r < s.Rows; r++)
        {
            for (int k = s.RowStarts[r]; k < s.RowStarts[r + 1]; k++)
            {
                features[(long)r * s.Inputs + s.Indices[k]] = s.Values[k];
            }
        }
        return new DenseDataset(features, s.Labels, null, s.Rows, s.Inputs, s.Classes);
    }
}
