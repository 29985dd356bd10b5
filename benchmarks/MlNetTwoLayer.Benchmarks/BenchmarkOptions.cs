namespace MlNetTwoLayer.Benchmarks;

/// <summary>Command-line switches of the harness.</summary>
internal sealed record BenchmarkOptions
{
    /// <summary>Tiny sizes that finish in seconds: checks the harness, measures nothing meaningful.</summary>
    public bool DryRun { get; init; }

    /// <summary>Threads for the GEMM engine and the trainer (the peers run on 2).</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Only the GEMM part.</summary>
    public bool GemmOnly { get; init; }

    /// <summary>Only the training part.</summary>
    public bool TrainingOnly { get; init; }

    /// <summary>Only the scoring part.</summary>
    public bool ScoringOnly { get; init; }

    /// <summary>Only the public-trainer comparison (defaults against the seed configuration) and the subnormal benchmark.</summary>
    public bool FitOnly { get; init; }

    /// <summary>Only the optimiser-step micro-benchmark.</summary>
    public bool OptimizerOnly { get; init; }

    /// <summary>Interleaved rounds of each side of a comparison; the best is quoted.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>Epochs timed on the MNIST-like shape (after one warm-up epoch).</summary>
    public int MnistEpochs { get; init; } = 3;

    /// <summary>Epochs timed on the digits-like shape (after one warm-up epoch).</summary>
    public int DigitsEpochs { get; init; } = 40;

    /// <summary>
    /// <c>--tta-mnist PATH</c>: only the MNIST-shape time to accuracy, on the data peers.py's <c>TTA=mnist</c>
    /// mode wrote to PATH (the peers' same rows).
    /// </summary>
    public string? MnistAccuracyData { get; init; }

    /// <summary><c>--targets A,B</c>: the training accuracies to reach (the peers' final ones).</summary>
    public IReadOnlyList<double> AccuracyTargets { get; init; } = [];

    /// <summary>Reads <c>--dry-run</c>, <c>--threads N</c>, <c>--gemm</c>, <c>--training</c>, <c>--scoring</c>, <c>--fit</c>, <c>--optimizer</c>, <c>--rounds N</c>, <c>--epochs N</c>, <c>--tta-mnist PATH</c>, <c>--targets A,B</c>.</summary>
    public static BenchmarkOptions Parse(string[] args)
    {
        var options = new BenchmarkOptions();
        for (int i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--dry-run" => options with { DryRun = true },
                "--threads" => options with { Threads = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture) },
                "--gemm" => options with { GemmOnly = true },
                "--training" => options with { TrainingOnly = true },
                "--scoring" => options with { ScoringOnly = true },
                "--fit" => options with { FitOnly = true },
                "--optimizer" => options with { OptimizerOnly = true },
                "--rounds" => options with { Rounds = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture) },
                "--epochs" => options with { MnistEpochs = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture) },
                "--tta-mnist" => options with { MnistAccuracyData = args[++i] },
                "--targets" => options with { AccuracyTargets = args[++i].Split(',').Select(t => double.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToArray() },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Use --dry-run, --threads N, --gemm, --training, --scoring, --fit, --optimizer, --rounds N, --epochs N, --tta-mnist PATH, --targets A,B."),
            };
        }
        return options;
    }
}
