using MlNetTwoLayer.Benchmarks;
using Xunit;

namespace MlNetTwoLayer.Benchmarks.Tests;

public class BenchmarkDryRunTests
{
    [Fact]
    public void DryRunMeasuresEveryFigureInSeconds()
    {
        var output = new StringWriter();
        Assert.Equal(0, BenchmarkRunner.Run(["--dry-run"], output));
        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // 11 products (2048³ stand-in + 5 per training shape), each on 1 and 2 threads.
        Assert.Equal(22, lines.Count(l => l.StartsWith("gemm ", StringComparison.Ordinal)));
        Assert.Equal(2, lines.Count(l => l.StartsWith("train ", StringComparison.Ordinal)));
        // The defaults against the seed configuration through the public trainer, per shape.
        Assert.Equal(2, lines.Count(l => l.StartsWith("fit-ratio ", StringComparison.Ordinal) && l.Contains(" median-of-rounds=", StringComparison.Ordinal)
            && l.Contains("normalised=True", StringComparison.Ordinal)));
        // Which configuration fits first alternates between rounds (the MNIST stand-in runs two).
        Assert.Single(lines, l => l.StartsWith("fit-ratio mnist", StringComparison.Ordinal) && l.Contains("first: seed defaults", StringComparison.Ordinal));
        // The defaults' extra work timed alone, per shape: the arithmetic behind the ratio.
        Assert.Equal(2, lines.Count(l => l.StartsWith("fit-extra ", StringComparison.Ordinal) && l.Contains("(seed+extra)/seed=", StringComparison.Ordinal)));
        // Where the epoch goes, phase by phase, for both configurations.
        Assert.Equal(2, lines.Count(l => l.StartsWith("fit-phases mnist", StringComparison.Ordinal) && l.Contains("step=", StringComparison.Ordinal)));
        // The MNIST-shape epoch as a fraction of the FMA peak, for both configurations, with the peak's own lines.
        Assert.Equal(2, lines.Count(l => l.StartsWith("fit-peak mnist", StringComparison.Ordinal) && l.Contains("of-peak=", StringComparison.Ordinal)));
        Assert.Equal(1, lines.Count(l => l.StartsWith("subnormal-ratio ", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("optimizer mnist", StringComparison.Ordinal) && l.Contains("adam-fused", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("time-to-accuracy digits", StringComparison.Ordinal));
        // Allocation figures are process-wide and other tests run alongside, so they are not asserted
        // here; GemmEngineTests counts the calling thread's allocations instead.
    }

    [Fact]
    public void UnknownOptionsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => BenchmarkRunner.Run(["--bogus"], TextWriter.Null));
    }
}
