using MlNetTwoLayer.Tests.Helpers;
using Xunit;
using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

/// <summary>The single-row product against <see cref="NaiveGemm"/> on every column count around the vector blocks.</summary>
public class VectorMatrixProductTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(64)]
    public void MatchesTheNaiveTwin(int rows)
    {
        var random = new Random(rows);
        for (int cols = 0; cols <= 70; cols++)
        {
            float[] x = Enumerable.Range(0, rows).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
            float[] w = Enumerable.Range(0, rows * cols).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
            float[] start = Enumerable.Range(0, cols).Select(_ => (float)random.NextDouble()).ToArray();
            float[] expected = start.ToArray();
            NaiveGemm.Multiply(false, false, 1, cols, rows, x, Math.Max(rows, 1), w, Math.Max(cols, 1), expected, Math.Max(cols, 1), accumulate: true);
            float[] actual = new float[cols];
            VectorMatrixProduct.Multiply(x, w, rows, cols, start, actual);
            Tolerance.AllClose(expected, actual, 1e-5, 1e-6, $"rows {rows} cols {cols}");

            float[] noStart = new float[cols];
            float[] expectedNoStart = new float[cols];
            NaiveGemm.Multiply(false, false, 1, cols, rows, x, Math.Max(rows, 1), w, Math.Max(cols, 1), expectedNoStart, Math.Max(cols, 1), accumulate: false);
            VectorMatrixProduct.Multiply(x, w, rows, cols, default, noStart);
            Tolerance.AllClose(expectedNoStart, noStart, 1e-5, 1e-6, $"rows {rows} cols {cols} without start");
        }
    }

    [Fact]
    public void ShortSpansAreRejected()
        => Assert.Throws<ArgumentException>(() => VectorMatrixProduct.Multiply(new float[2], new float[5], 2, 3, default, new float[3]));
}
