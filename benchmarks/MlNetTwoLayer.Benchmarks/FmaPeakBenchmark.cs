using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MlNetTwoLayer.Benchmarks;

/// <summary>
/// The machine's FMA ceiling as this runtime reaches it: independent Vector512 (or Vector256) FMA
/// chains with no memory traffic, on 1 and on N threads. GEMM efficiency is quoted against it.
/// </summary>
internal static class FmaPeakBenchmark
{
    /// <summary>
    /// Prints the ceiling for 1 and <paramref name="threads"/> threads and returns the latter in GFLOP/s:
    /// the best of several short bursts, the way the GEMM figures are the best of short rounds, so that
    /// on a shared machine both catch the same quiet moments (one long burst would average the
    /// neighbours in, and a product could then seem to beat the ceiling).
    /// </summary>
    public static double Run(int threads, bool dryRun, TextWriter output) => Measure(threads, dryRun, output).Peak;

    /// <summary>As <see cref="Run"/>, returning the one-thread ceiling too.</summary>
    public static (double OneThread, double Peak) Measure(int threads, bool dryRun, TextWriter output)
    {
        double oneThread = 0;
        long iterations = dryRun ? 100_000 : 2_500_000;
        int bursts = dryRun ? 1 : 20;
        double peak = 0;
        foreach (int t in threads == 1 ? new[] { 1 } : new[] { 1, threads })
        {
            double best = 0;
            for (int burst = 0; burst < bursts; burst++)
            {
                var clock = Stopwatch.StartNew();
                var workers = new Thread[t];
                for (int w = 0; w < t; w++)
                {
                    workers[w] = new Thread(() => Chains(iterations));
                    workers[w].Start();
                }
                foreach (Thread w in workers)
                {
                    w.Join();
                }
                best = Math.Max(best, t * iterations * FlopsPerIteration / clock.Elapsed.TotalSeconds / 1e9);
            }
            peak = best;
            if (t == 1)
            {
                oneThread = best;
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fma-peak threads={t} GFLOP/s={peak,7:F1} (best of {bursts} bursts)"));
        }
        return (oneThread, peak);
    }

    private static double FlopsPerIteration => Avx512F.IsSupported ? 12 * 16 * 2 : 12 * 8 * 2;

    /// <summary>Twelve independent chains: enough to cover FMA latency on two pipes.</summary>
    private static float Chains(long iterations)
    {
        if (Avx512F.IsSupported)
        {
            Vector512<float> m = Vector512.Create(0.999999f), s = Vector512.Create(1e-7f);
            Vector512<float> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m;
            for (long i = 0; i < iterations; i++)
            {
                a0 = Avx512F.FusedMultiplyAdd(a0, m, s); a1 = Avx512F.FusedMultiplyAdd(a1, m, s);
                a2 = Avx512F.FusedMultiplyAdd(a2, m, s); a3 = Avx512F.FusedMultiplyAdd(a3, m, s);
                a4 = Avx512F.FusedMultiplyAdd(a4, m, s); a5 = Avx512F.FusedMultiplyAdd(a5, m, s);
                a6 = Avx512F.FusedMultiplyAdd(a6, m, s); a7 = Avx512F.FusedMultiplyAdd(a7, m, s);
                a8 = Avx512F.FusedMultiplyAdd(a8, m, s); a9 = Avx512F.FusedMultiplyAdd(a9, m, s);
                a10 = Avx512F.FusedMultiplyAdd(a10, m, s); a11 = Avx512F.FusedMultiplyAdd(a11, m, s);
            }
            return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
        }
        if (Fma.IsSupported)
        {
            Vector256<float> m = Vector256.Create(0.999999f), s = Vector256.Create(1e-7f);
            Vector256<float> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m;
            for (long i = 0; i < iterations; i++)
            {
                a0 = Fma.MultiplyAdd(a0, m, s); a1 = Fma.MultiplyAdd(a1, m, s);
                a2 = Fma.MultiplyAdd(a2, m, s); a3 = Fma.MultiplyAdd(a3, m, s);
                a4 = Fma.MultiplyAdd(a4, m, s); a5 = Fma.MultiplyAdd(a5, m, s);
                a6 = Fma.MultiplyAdd(a6, m, s); a7 = Fma.MultiplyAdd(a7, m, s);
                a8 = Fma.MultiplyAdd(a8, m, s); a9 = Fma.MultiplyAdd(a9, m, s);
                a10 = Fma.MultiplyAdd(a10, m, s); a11 = Fma.MultiplyAdd(a11, m, s);
            }
            return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
        }
        return 0;
    }
}
