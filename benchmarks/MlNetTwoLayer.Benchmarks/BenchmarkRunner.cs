using System.Runtime.Intrinsics;
using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Benchmarks;

/// <summary>Runs the GEMM and training measurements and prints one line per figure.</summary>
public static class BenchmarkRunner
{
    /// <summary>Runs the harness with command-line <paramref name="args"/>, printing to <paramref name="output"/>; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output)
    {
        BenchmarkOptions options = BenchmarkOptions.Parse(args);
        output.WriteLine($"# cores={Environment.ProcessorCount} threads={options.Threads} avx512={Vector512.IsHardwareAccelerated} " +
            $"kernel={new GemmEngine().Kernel} dry-run={options.DryRun}");
        if (options.MnistAccuracyData != null)
        {
            MnistTimeToAccuracyBenchmark.Run(options, output);
            return 0;
        }
        bool all = !options.GemmOnly && !options.TrainingOnly && !options.ScoringOnly && !options.FitOnly && !options.OptimizerOnly;
        if (all || options.GemmOnly)
        {
            FmaPeakBenchmark.Run(options.Threads, options.DryRun, output);
            GemmBenchmark.Run(options, output);
        }
        if (all || options.TrainingOnly)
        {
            TrainingBenchmark.Run(options, output);
            DataModeBenchmark.Run(options, output);
        }
        if (all || options.OptimizerOnly)
        {
            OptimizerBenchmark.Run(options, output);
            AdamCeilingBenchmark.Run(options, output);
        }
        if (all || options.FitOnly)
        {
            PublicTrainerBenchmark.Run(options, output);
            if (Environment.GetEnvironmentVariable("TWOLAYER_BENCH_SUBNORMAL") != "0")
            {
                SubnormalBenchmark.Run(options, output);
            }
            TimeToAccuracyBenchmark.Run(options, output);
        }
        if (all || options.ScoringOnly)
        {
            ScoringBenchmark.Run(options, output);
        }
        return 0;
    }
}
