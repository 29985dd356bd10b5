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

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(64)]
    public void EveryPathSumsInTheDocumentedOrderBitForBit(int rows)
    {
        // The single-row scorer's result must not depend on which block (512-bit, vector, overlapped
        // pair, 128-bit pair, scalar) a column falls in: each sums even and odd rows as two chains.
        var random = new Random(rows + 100);
        for (int cols = 1; cols <= 70; cols++)
        {
            float[] x = Enumerable.Range(0, rows).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
            float[] w = Enumerable.Range(0, rows * cols).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
            float[] start = Enumerable.Range(0, cols).Select(_ => (float)random.NextDouble()).ToArray();
            foreach (float[] first in new[] { start, Array.Empty<float>() })
            {
                float[] actual = new float[cols];
                float[] expected = new float[cols];
                VectorMatrixProduct.Multiply(x, w, rows, cols, first, actual);
                VectorMatrixProduct.NaiveInOrder(x, w, rows, cols, first, expected);
                for (int j = 0; j < cols; j++)
                {
                    Assert.True(BitConverter.SingleToInt32Bits(expected[j]) == BitConverter.SingleToInt32Bits(actual[j]),
                        $"rows {rows} cols {cols} column {j} start {first.Length > 0}: {actual[j]} instead of {expected[j]}");
                }
            }
        }
    }

    [Fact]
    public void ShortSpansAreRejected()
        => Assert.Throws<ArgumentException>(() => VectorMatrixProduct.Multiply(new float[2], new float[5], 2, 3, default, new float[3]));
}
