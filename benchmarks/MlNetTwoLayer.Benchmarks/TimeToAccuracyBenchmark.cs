using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetTwoLayer.Benchmarks;

/// <summary>
/// The figure users feel: wall seconds from <c>Fit</c> to a model at 97% validation accuracy on the
/// real UCI digits (the repository's tests/MlNetTwoLayer.Tests/Fixtures/digits.csv.gz; pixels / 16;
/// every fifth row held out), with the default options (100 hidden, batch 32 as every peer here).
/// peers.py's <c>TTA=1</c> mode measures scikit-learn's adam and torch.optim.Adam on the same split.
/// The clock includes reading the view, as a user's does.
/// </summary>
internal static class TimeToAccuracyBenchmark
{
    private const double Target = 0.97;

    /// <summary>Prints one <c>time-to-accuracy</c> line (best of the rounds).</summary>
    public static void Run(BenchmarkOptions options, TextWriter output)
    {
        string? path = FindDigits();
        if (path == null)
        {
            output.WriteLine("time-to-accuracy skipped: tests/MlNetTwoLayer.Tests/Fixtures/digits.csv.gz not found above the working directory");
            return;
        }
        var ml = new MLContext(seed: 1);
        (IDataView train, IDataView validation) = Load(ml, path);
        int rounds = options.DryRun ? 1 : options.Rounds;
        double best = double.MaxValue;
        int bestEpoch = 0;
        for (int round = 0; round < rounds; round++)
        {
            (double seconds, int epoch) = Measure(ml, train, validation, options.Threads, options.DryRun ? 2 : 200);
            if (seconds < best)
            {
                (best, bestEpoch) = (seconds, epoch);
            }
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"time-to-accuracy digits target={Target:F2} threads={options.Threads} rounds={rounds} seconds={best:F3} epoch={bestEpoch} (defaults, 100 hidden, batch 32)"));
    }

    private static (double Seconds, int Epoch) Measure(MLContext ml, IDataView train, IDataView validation, int threads, int maxEpochs)
    {
        using var cancel = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        double reached = double.NaN;
        int epoch = 0;
        var options = new TwoLayerTrainer.Options
        {
            EnsembleSize = 1, // one network's time to the target (an ensemble's members each report their own epochs)
            NumberOfThreads = threads,
            NumberOfEpochs = maxEpochs,
            Seed = 1,
            CancellationToken = cancel.Token,
            Progress = new Progress(p =>
            {
                if (double.IsNaN(reached) && p.ValidationAccuracy >= Target)
                {
                    reached = clock.Elapsed.TotalSeconds;
                    epoch = p.Epoch;
                    cancel.Cancel();
                }
            }),
        };
        try
        {
            new TwoLayerTrainer(ml, options).Fit(train, validation);
        }
        catch (OperationCanceledException)
        {
        }
        return (double.IsNaN(reached) ? double.PositiveInfinity : reached, epoch);
    }

    private static (IDataView Train, IDataView Validation) Load(MLContext ml, string path)
    {
        var train = new List<PublicTrainerBenchmark.VectorRow>();
        var validation = new List<PublicTrainerBenchmark.VectorRow>();
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        int index = 0;
        while (reader.ReadLine() is string line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            float[] values = line.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var row = new PublicTrainerBenchmark.VectorRow { Features = values[..64].Select(v => v / 16f).ToArray(), Label = (uint)values[64] + 1 };
            (index++ % 5 == 0 ? validation : train).Add(row);
        }
        var schema = SchemaDefinition.Create(typeof(PublicTrainerBenchmark.VectorRow));
        schema[nameof(PublicTrainerBenchmark.VectorRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 64);
        schema[nameof(PublicTrainerBenchmark.VectorRow.Label)].ColumnType = new KeyDataViewType(typeof(uint), 10);
        return (ml.Data.Cache(ml.Data.LoadFromEnumerable(train, schema)), ml.Data.Cache(ml.Data.LoadFromEnumerable(validation, schema)));
    }

    private static string? FindDigits()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "MlNetTwoLayer.Tests", "Fixtures", "digits.csv.gz");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Reports on the training thread (unlike <see cref="Progress{T}"/>, which posts to the thread pool).</summary>
    private sealed class Progress : IProgress<TrainingProgress>
    {
        private readonly Action<TrainingProgress> _report;

        public Progress(Action<TrainingProgress> report) => _report = report;

        public void Report(TrainingProgress value) => _report(value);
    }
}
