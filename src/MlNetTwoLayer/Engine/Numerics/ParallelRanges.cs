namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>
/// Splits <c>[0, count)</c> into one contiguous range per thread when the work is worth it, and runs
/// the ranges on the <see cref="GemmEngine"/>'s threads (the caller included), so a sparse step uses the
/// same few threads as the products, not the thread pool beside them. Callers give each range outputs of
/// its own (rows of z, compact gradient rows, W1 rows), each summed in a fixed order by whichever thread
/// owns it, so results never depend on the thread count.
/// </summary>
internal static class ParallelRanges
{
    /// <summary>
    /// Below this many multiply-adds (about 20 µs) the work stays on the caller: a fork costs a few microseconds
    /// on an idle machine. On the 50k-document text benchmark (32 rows of ~720 non-zeros × 16 hidden units a
    /// step, 0.37 M multiply-adds) the engine alone fitted in 8.8–9.9 s at 2^14–2^16 against 10.0–10.7 s at
    /// 2^20 (2 threads, load 1.2–1.4; 1 thread 11.5 s), as the forward and backward sums then split too. On a
    /// busy machine a fork costs milliseconds and a session at load 30+ measured 2 threads slower than 1 at
    /// 2^16; set <c>NumberOfThreads = 1</c> there.
    /// </summary>
    /// <remarks>Settable so tests can make small problems fork; results never depend on it, only speed does.</remarks>
    internal static long MinimumWork { get; set; } = 1 << 16;

    /// <summary>Runs <paramref name="body"/> over <c>[0, count)</c>, in up to <see cref="GemmEngine.Threads"/> ranges.</summary>
    public static void For(GemmEngine engine, int count, long work, Action<int, int> body)
    {
        int parts = (int)Math.Min(engine.Threads, Math.Max(1, work / MinimumWork));
        parts = Math.Min(parts, count);
        if (parts <= 1)
        {
            body(0, count);
            return;
        }
        // The engine runs bands on its workers, or on the caller alone after a stalled run (a busy machine).
        engine.RunParallel(new RangeJob(count, parts, body));
    }

    /// <summary>Band p of <c>parts</c> is the range <c>[count·p/parts, count·(p+1)/parts)</c>, whoever runs it.</summary>
    private sealed class RangeJob(int count, int parts, Action<int, int> body) : IGemmParallelJob
    {
        public int Bands => parts;

        public void Execute(int band, int slot) => body((int)((long)count * band / parts), (int)((long)count * (band + 1) / parts));
    }
}
