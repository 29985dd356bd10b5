using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Engine.Training;

namespace MlNetTwoLayer.TextBenchmark;

/// <summary>
/// The featurised corpus written once as CSR (<c>dump</c>) and trained on by the engine alone
/// (<c>train</c>): profiling and tuning runs then skip FeaturizeText's minute and a half. The engine
/// sees the rows as in-memory CSR arrays, not through ML.NET's cache, so its seconds are the
/// training loop's alone; headline figures still come from <c>fit</c> (the public trainer).
/// </summary>
internal static class CsrDump
{
    /// <summary>Featurises DIR's train and test files as <c>fit</c> does and writes both splits to <paramref name="output"/>.</summary>
    public static void Dump(MLContext ml, IDataView train, IDataView test, string output)
    {
        using var file = new BinaryWriter(File.Create(output));
        foreach (IDataView split in new[] { train, test })
        {
            SparseDataset data = Read(split);
            file.Write(data.Rows);
            file.Write(data.Inputs);
            file.Write(data.Classes);
            file.Write(data.RowStarts[data.Rows]);
            foreach (int v in data.RowStarts.AsSpan(0, data.Rows + 1))
            {
                file.Write(v);
            }
            foreach (int v in data.Indices.AsSpan(0, data.RowStarts[data.Rows]))
            {
                file.Write(v);
            }
            foreach (float v in data.Values.AsSpan(0, data.RowStarts[data.Rows]))
            {
                file.Write(v);
            }
            foreach (int v in data.Labels.AsSpan(0, data.Rows))
            {
                file.Write(v);
            }
        }
        _ = ml;
    }

    /// <summary>Reads the two splits <see cref="Dump"/> wrote.</summary>
    public static (SparseDataset Train, SparseDataset Test) Load(string path)
    {
        using var file = new BinaryReader(File.OpenRead(path));
        SparseDataset ReadOne()
        {
            int rows = file.ReadInt32(), inputs = file.ReadInt32(), classes = file.ReadInt32(), nnz = file.ReadInt32();
            int[] starts = ReadInts(file, rows + 1), indices = ReadInts(file, nnz);
            float[] values = new float[nnz];
            file.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
            return new SparseDataset(starts, indices, values, ReadInts(file, rows), null, rows, inputs, classes);
        }
        SparseDataset train = ReadOne();
        return (train, ReadOne());
    }

    /// <summary>
    /// Trains on a dump with the trainer's defaults for its width (<see cref="TrainingSettings.ForInputWidth"/>),
    /// then the tuning flags; prints wall and process CPU seconds of the fit and the test accuracy.
    /// </summary>
    public static void Train(string path, string[] args)
    {
        (SparseDataset train, SparseDataset test) = Load(path);
        var settings = new TrainingSettings { Seed = 1, Threads = Program.Option(args, "--threads", 1) };
        if (Array.IndexOf(args, "--optimizer") is int o and >= 0)
        {
            settings = settings with { Optimizer = Enum.Parse<OptimizerKind>(args[o + 1], ignoreCase: true) };
        }
        settings = settings.ForInputWidth(train.Inputs, hasValidationData: false, streaming: false);
        settings = settings with
        {
            LearningRate = Program.FloatOption(args, "--lr", settings.LearningRate),
            L2Regularization = Program.FloatOption(args, "--l2", settings.L2Regularization),
            BatchSize = Program.Option(args, "--batch", settings.BatchSize),
            Epochs = Program.Option(args, "--epochs", settings.Epochs),
            Patience = Program.Option(args, "--patience", settings.Patience),
            HiddenUnits = Program.Option(args, "--hidden", settings.HiddenUnits),
            ValidationFraction = Program.FloatOption(args, "--holdout", (float)settings.ValidationFraction),
        };
        if (Array.IndexOf(args, "--init") is int ini and >= 0)
        {
            settings = settings with { Initialization = Enum.Parse<WeightInitialization>(args[ini + 1], ignoreCase: true) };
        }
        if (Array.IndexOf(args, "--min-work") is int mw and >= 0)
        {
            // How much work a sparse kernel needs before it forks (speed only, never the bits).
            ParallelRanges.MinimumWork = long.Parse(args[mw + 1], CultureInfo.InvariantCulture);
        }
        int repeat = Program.Option(args, "--repeat", 1);
        for (int round = 0; round < repeat; round++)
        {
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            TrainingOutcome outcome = new NetworkTrainer(settings).Train(train, null, null);
            double wall = clock.Elapsed.TotalSeconds;
            double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            double accuracy = Accuracy(outcome, test, settings);
            TrainingHistory h = outcome.History;
            long nnz = train.RowStarts[train.Rows];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"train {Path.GetFileName(path)} optimizer={settings.Optimizer} lr={settings.LearningRate} l2={settings.L2Regularization} batch={settings.BatchSize} hidden={settings.HiddenUnits} " +
                $"threads={settings.Threads} init={settings.Initialization} fit_s={wall:F2} cpu_s={cpuSeconds:F2} epochs={h.EpochsRun} best={h.BestEpoch} test_accuracy={accuracy:F4} " +
                $"nnz_epochs_per_s={nnz * (1 - settings.ValidationFraction) * h.EpochsRun / wall:E3} " +
                $"training_loss={string.Join(',', h.TrainingLoss.Select(l => l.ToString("G3", CultureInfo.InvariantCulture)))} " +
                $"validation_loss={string.Join(',', h.ValidationLoss.Select(l => l.ToString("G3", CultureInfo.InvariantCulture)))}"));
        }
    }

    private static double Accuracy(TrainingOutcome outcome, SparseDataset test, TrainingSettings settings)
    {
        var network = new TwoLayerNetwork(outcome.Parameters, settings.Activation, outcome.Head);
        using var gemm = new GemmEngine(1);
        var ws = new BatchWorkspace(network.Shape, 256, gemm, needsInputBuffer: false);
        int correct = 0, classes = network.Shape.Classes;
        for (int start = 0; start < test.Rows; start += 256)
        {
            int rows = Math.Min(256, test.Rows - start);
            network.Forward(new CsrBatch(test.RowStarts.AsSpan(start, rows + 1), test.Indices, test.Values, rows, test.Inputs), ws);
            for (int r = 0; r < rows; r++)
            {
                correct += outcome.Head.PredictedClass(ws.Output.AsSpan(r * classes, classes)) == test.Labels[start + r] ? 1 : 0;
            }
        }
        return correct / (double)test.Rows;
    }

    private static SparseDataset Read(IDataView data)
    {
        DataViewSchema.Column features = data.Schema["Features"], label = data.Schema["Label"];
        using DataViewRowCursor cursor = data.GetRowCursor([features, label]);
        ValueGetter<VBuffer<float>> getFeatures = cursor.GetGetter<VBuffer<float>>(features);
        ValueGetter<uint> getLabel = cursor.GetGetter<uint>(label);
        var starts = new List<int> { 0 };
        var indices = new List<int>();
        var values = new List<float>();
        var labels = new List<int>();
        VBuffer<float> row = default;
        uint key = 0;
        while (cursor.MoveNext())
        {
            getFeatures(ref row);
            getLabel(ref key);
            ReadOnlySpan<float> v = row.GetValues();
            ReadOnlySpan<int> ix = row.GetIndices();
            for (int k = 0; k < v.Length; k++)
            {
                if (v[k] != 0)
                {
                    indices.Add(row.IsDense ? k : ix[k]);
                    values.Add(v[k]);
                }
            }
            starts.Add(indices.Count);
            labels.Add((int)key - 1);
        }
        int classes = (int)((KeyDataViewType)label.Type).Count;
        return new SparseDataset(starts.ToArray(), indices.ToArray(), values.ToArray(), labels.ToArray(), null, labels.Count, row.Length, classes);
    }

    private static int[] ReadInts(BinaryReader file, int count)
    {
        var result = new int[count];
        file.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(result.AsSpan()));
        return result;
    }
}
