using System.Diagnostics;
using System.Globalization;
using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Benchmarks;

/// <summary>GFLOP/s of <see cref="GemmEngine.Multiply"/> on a square product and on every product of the two training shapes.</summary>
internal static class GemmBenchmark
{
    /// <summary>One product: its label and arguments.</summary>
    private sealed record Case(string Name, bool TransposeA, bool TransposeB, int M, int N, int K);

    public static void Run(BenchmarkOptions options, TextWriter output)
    {
        int square = options.DryRun ? 96 : 2048;
        var cases = new List<Case> { new($"square {square}^3", false, false, square, square, square) };
        AddTrainingShape(cases, "mnist", batch: options.DryRun ? 16 : 128, inputs: options.DryRun ? 40 : 784, hidden: options.DryRun ? 24 : 128, classes: 10);
        AddTrainingShape(cases, "digits", batch: 32, inputs: 64, hidden: 64, classes: 10);
        double seconds = options.DryRun ? 0.01 : 0.5;
        foreach (Case c in cases)
        {
            foreach (int threads in options.Threads == 1 ? new[] { 1 } : new[] { 1, options.Threads })
            {
                (double gflops, double cpuGflops, long bytes) = Measure(c, threads, seconds);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"gemm {c.Name,-26} m={c.M,-5} n={c.N,-5} k={c.K,-5} threads={threads} GFLOP/s={gflops,7:F1} alloc/call={bytes} cpu-GFLOP/s={cpuGflops:F1}"));
            }
        }
    }

    /// <summary>The five products of one training step: forward x·W1, h·W2; backward hᵀ·dscore, dscore·W2ᵀ, xᵀ·dh.</summary>
    private static void AddTrainingShape(List<Case> cases, string name, int batch, int inputs, int hidden, int classes)
    {
        cases.Add(new($"{name} x*W1", false, false, batch, hidden, inputs));
        cases.Add(new($"{name} h*W2", false, false, batch, classes, hidden));
        cases.Add(new($"{name} hT*dscore", true, false, hidden, classes, batch));
        cases.Add(new($"{name} dscore*W2T", false, true, batch, hidden, classes));
        cases.Add(new($"{name} xT*dh", true, false, inputs, hidden, batch));
    }

    /// <summary>
    /// Best-of-five rounds, each repeating the product for about <paramref name="seconds"/>/5; also the
    /// best round by process CPU seconds (per thread-second: on a shared machine a 2048³ product is
    /// too long to fall in a quiet moment, and waiting for a core counts in the wall figure only).
    /// </summary>
    private static (double Gflops, double CpuGflopsPerThread, long AllocatedPerCall) Measure(Case c, int threads, double seconds)
    {
        var random = new Random(1);
        float[] a = Fill(random, c.M * c.K), b = Fill(random, c.K * c.N), out_ = new float[c.M * c.N];
        int lda = c.TransposeA ? c.M : c.K, ldb = c.TransposeB ? c.K : c.N;
        var engine = new GemmEngine(threads);
        void Once() => engine.Multiply(c.TransposeA, c.TransposeB, c.M, c.N, c.K, a, lda, b, ldb, out_, c.N, accumulate: false);

        var clock = Stopwatch.StartNew();
        int reps = 0;
        do
        {
            Once();
            reps++;
        }
        while (clock.Elapsed.TotalSeconds < seconds / 5);

        long allocBefore = GC.GetTotalAllocatedBytes(precise: true);
        double best = double.MaxValue, bestCpu = double.MaxValue;
        for (int round = 0; round < 5; round++)
        {
            double cpu = CpuClock.Seconds();
            long start = Stopwatch.GetTimestamp();
            for (int r = 0; r < reps; r++)
            {
                Once();
            }
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds / reps);
            bestCpu = Math.Min(bestCpu, (CpuClock.Seconds() - cpu) / reps);
        }
        long allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocBefore) / (5L * reps);
        double flop = 2.0 * c.M * c.N * c.K;
        return (flop / best / 1e9, flop / bestCpu / 1e9, allocated);
    }

    private static float[] Fill(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)(random.NextDouble() - 0.5);
        }
        return values;
    }
}
