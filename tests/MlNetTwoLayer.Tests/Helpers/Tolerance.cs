using Xunit.Sdk;

namespace MlNetTwoLayer.Tests.Helpers;

/// <summary>Relative-plus-absolute comparison used by every numeric test.</summary>
public static class Tolerance
{
    public static void Close(double expected, double actual, double relative, double absolute, string what = "value")
    {
        double bound = absolute + relative * Math.Abs(expected);
        if (!(Math.Abs(expected - actual) <= bound))
        {
            throw new XunitException($"{what}: expected {expected:R}, got {actual:R} (|diff| {Math.Abs(expected - actual):E3} > {bound:E3}).");
        }
    }

    public static void AllClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double relative, double absolute, string what = "element")
    {
        if (expected.Length != actual.Length)
        {
            throw new XunitException($"{what}: lengths differ ({expected.Length} vs {actual.Length}).");
        }
        for (int i = 0; i < expected.Length; i++)
        {
            Close(expected[i], actual[i], relative, absolute, $"{what} {i}");
        }
    }
}
