using System.Runtime.InteropServices;

namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>
/// Asks Linux to back a large array with transparent huge pages (<c>madvise(MADV_HUGEPAGE)</c>). The
/// sparse path reads and writes W1 rows (and their Adam moments) scattered over hundreds of MB, so
/// with 4 KB pages nearly every row costs a TLB miss as well as a cache miss; 2 MB pages remove most
/// of the former. Only a hint: where it is not available (other systems, THP disabled) nothing changes,
/// and results never depend on it.
/// </summary>
internal static partial class HugePages
{
    private const int MadviseHugePage = 14;
    private const long MinimumBytes = 32L << 20;
    private static bool _unavailable;

    /// <summary>A new zeroed array of <paramref name="length"/> floats, advised (<see cref="Advise"/>) before anything writes it.</summary>
    public static float[] NewFloats(long length)
    {
        var array = new float[length];
        Advise(array);
        return array;
    }

    /// <summary>Advises huge pages for <paramref name="array"/> if it is large; call before first writing it.</summary>
    public static unsafe void Advise(float[] array)
    {
        long bytes = (long)array.Length * sizeof(float);
        if (_unavailable || bytes < MinimumBytes || !OperatingSystem.IsLinux())
        {
            return;
        }
        fixed (float* p = array)
        {
            // The whole 2 MB pages inside the array; large arrays live in the large object heap, which
            // does not move them.
            const long huge = 2L << 20;
            long start = ((long)p + huge - 1) & ~(huge - 1);
            long end = ((long)p + bytes) & ~(huge - 1);
            if (end <= start)
            {
                return;
            }
            try
            {
                _ = Madvise((nint)start, (nuint)(end - start), MadviseHugePage);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                _unavailable = true;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
