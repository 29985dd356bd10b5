namespace MlNetTwoLayer.Benchmarks;

/// <summary>Console entry point; the harness itself is <see cref="BenchmarkRunner"/> so tests can call it in-process.</summary>
internal static class Program
{
    private static int Main(string[] args) => BenchmarkRunner.Run(args, Console.Out);
}
