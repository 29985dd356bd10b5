using System.Diagnostics;

namespace MlNetTwoLayer.Benchmarks;

/// <summary>The best (shortest) time of a short step over many repetitions: robust to a busy machine.</summary>
internal static class BestTime
{
    /// <summary>
    /// Runs <paramref name="step"/> for <paramref name="warmUp"/> first, then times <paramref name="repetitions"/>
    /// groups of <paramref name="inner"/> calls; returns the shortest group's seconds per call.
    /// </summary>
    /// <remarks>The warm-up is a fixed time, not a fixed count: the runtime promotes a method to optimised code only
    /// after a delay (tiered compilation), and a few hundred fast calls can all fall inside it. Several calls per
    /// group keep sub-microsecond steps above the clock's resolution (100 ns ticks here).</remarks>
    public static double Seconds(int repetitions, int inner, TimeSpan warmUp, Action step)
    {
        long warmUpUntil = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * warmUp.TotalSeconds);
        do
        {
            step();
        }
        while (Stopwatch.GetTimestamp() < warmUpUntil);
        double best = double.MaxValue;
        for (int r = 0; r < repetitions; r++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int k = 0; k < inner; k++)
            {
                step();
            }
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds / inner);
        }
        return best;
    }
}
