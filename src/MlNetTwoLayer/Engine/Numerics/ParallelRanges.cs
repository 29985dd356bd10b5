namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>
/// Splits <c>[0, count)</c> into one contiguous range per thread when the work is worth it. Callers
/// give each range outputs of its own (rows of z, compact gradient rows, W1 rows), each summed in a
/// fixed order by whichever thread owns it, so results never depend on the thread count.
/// </summary>
internal static class ParallelRanges
{
    /// <summary>
    /// Below this many multiply-adds (about 0.3 ms) the work stays on the caller: a fork costs microseconds
    /// on an idle machine and milliseconds on a busy one, where the text benchmark measured 2 threads slower than 1 at 2^16.
    /// </summary>
    /// <remarks>Settable so tests can make small problems fork; results never depend on it, only speed does.</remarks>
    internal static long MinimumWork { get; set; } = 1 << 20;

    /// <summary>Runs <paramref name="body"/> over <c>[0, count)</c>, in up to <paramref name="threads"/> ranges.</summary>
    public static void For(int count, int threads, long work, Action<int, int> body)
    {
        int parts = (int)Math.Min(threads, Math.Max(1, work / MinimumWork));
        parts = Math.Min(parts, count);
        if (parts <= 1)
        {
            body(0, count);
            return;
        }
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts },
            p => body((int)((long)count * p / parts), (int)((long)count * (p + 1) / parts)));
    }
}
