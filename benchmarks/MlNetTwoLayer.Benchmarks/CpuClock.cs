using System.Runtime.InteropServices;

namespace MlNetTwoLayer.Benchmarks;

/// <summary>
/// The process's CPU time with nanosecond resolution (<c>clock_gettime(CLOCK_PROCESS_CPUTIME_ID)</c>
/// on Linux; <see cref="System.Diagnostics.Process.TotalProcessorTime"/>, in scheduler ticks,
/// elsewhere). On a machine shared with busy neighbours the CPU seconds of a fit measure its work,
/// where wall seconds also count the time spent waiting for a core.
/// </summary>
internal static partial class CpuClock
{
    private const int ProcessCpuTimeId = 2;

    /// <summary>CPU seconds used by every thread of this process so far.</summary>
    public static double Seconds()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                if (ClockGetTime(ProcessCpuTimeId, out TimeSpec t) == 0)
                {
                    return t.Seconds + t.Nanoseconds * 1e-9;
                }
            }
            catch (DllNotFoundException)
            {
            }
        }
        return System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
