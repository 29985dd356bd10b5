using System.Globalization;
using MlNetTwoLayer.Engine.Numerics;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

/// <summary>
/// <see cref="HugePages.Advise"/> is only a hint, but Linux shows it: the advised range's mappings carry the <c>hg</c>
/// flag in <c>/proc/self/smaps</c>. So the tests read which 4 KB pages around an array carry it before and after the
/// call: a large array gains exactly its whole 2 MB pages (and none of its ragged ends), a small one nothing. Where the flag cannot be seen (not
/// Linux, no transparent huge pages, no smaps) there is nothing to observe and the tests return.
/// </summary>
public class HugePagesTests
{
    private const long Huge = 2L << 20, Page = 4096;

    internal static bool Observable =>
        OperatingSystem.IsLinux() && File.Exists("/proc/self/smaps") && Directory.Exists("/sys/kernel/mm/transparent_hugepage");

    /// <summary>The [start, end) ranges of this process's mappings with the huge-page advice flag.</summary>
    private static List<(long Start, long End)> AdvisedRanges()
    {
        var ranges = new List<(long, long)>();
        long start = 0, end = 0;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-');
            int space = line.IndexOf(' ');
            if (dash > 0 && space > dash && long.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, null, out long s)
                && long.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, null, out long e))
            {
                (start, end) = (s, e);
            }
            else if (line.StartsWith("VmFlags:", StringComparison.Ordinal) && line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("hg"))
            {
                ranges.Add((start, end));
            }
        }
        return ranges;
    }

    /// <summary>The advised 4 KB pages among [from, to).</summary>
    internal static HashSet<long> AdvisedPages(long from, long to)
    {
        var pages = new HashSet<long>();
        foreach ((long s, long e) in AdvisedRanges())
        {
            for (long p = Math.Max(s, from); p < Math.Min(e, to); p += Page)
            {
                pages.Add(p);
            }
        }
        return pages;
    }

    internal static unsafe long Address(float[] array)
    {
        fixed (float* p = array)
        {
            return (long)p; // large arrays live in the large object heap, which does not move them
        }
    }

    [Theory]
    [InlineData(8 << 20)] // exactly the 32 MB threshold
    [InlineData(12 << 20)]
    public void ALargeArrayGetsExactlyItsWhole2MBPagesAdvised(int length)
    {
        if (!Observable)
        {
            return;
        }
        var array = new float[length];
        long p = Address(array), bytes = (long)length * sizeof(float);
        // Only the array's own bytes are looked at: tests run side by side in this process, and their arrays (and
        // the garbage collector releasing them) change the advice around it while this test runs.
        long first = p & ~(Page - 1), last = p + bytes;
        HashSet<long> before = AdvisedPages(first, last);

        HugePages.Advise(array);

        HashSet<long> after = AdvisedPages(first, last);
        long start = (p + Huge - 1) & ~(Huge - 1), end = (p + bytes) & ~(Huge - 1);
        var wholePages = new HashSet<long>();
        for (long page = start; page < end; page += Page)
        {
            wholePages.Add(page);
        }
        // Every 4 KB page of its whole 2 MB pages is advised, and nothing of its ragged ends that was not before.
        int missing = wholePages.Count(page => !after.Contains(page));
        int spilled = after.Count(page => !wholePages.Contains(page) && !before.Contains(page));
        Assert.True(wholePages.Count > 0 && missing == 0 && spilled == 0,
            $"array at {p:x} ({bytes} bytes): its whole 2 MB pages {start:x}..{end:x} hold {wholePages.Count} pages, {missing} not advised; "
            + $"{spilled} pages of its ragged ends newly advised");
        GC.KeepAlive(array);
    }

    [Fact]
    public void AnArrayUnder32MBIsNotAdvised()
    {
        if (!Observable)
        {
            return;
        }
        var array = new float[(8 << 20) - 1];
        long p = Address(array), bytes = (long)array.Length * sizeof(float);
        HashSet<long> before = AdvisedPages(p & ~(Page - 1), p + bytes);

        HugePages.Advise(array);

        Assert.True(before.SetEquals(AdvisedPages(p & ~(Page - 1), p + bytes)), $"a {bytes}-byte array at {p:x} was advised");
        GC.KeepAlive(array);
    }
}
