using MlNetTwoLayer.Engine.Numerics;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

/// <summary>
/// The single-row product's paths that <see cref="VectorMatrixProductTests"/> does not reach on an AVX-512 machine (the
/// <c>Vector&lt;float&gt;</c> blocks of four, which such a machine leaves to its 512-bit blocks, and the 512-bit blocks past
/// the first 64 columns), bit for bit against <see cref="VectorMatrixProduct.NaiveInOrder"/>, writing nothing past y;
/// and its argument check, each span on its own, with longer spans accepted.
/// </summary>
public class VectorMatrixProductEdgeTests
{
    private const float Guard = 12345f;

    private static float[] Random(Random random, int count) => Enumerable.Range(0, count).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();

    private static void AssertSameBits(float[] expected, float[] actual, int cols, string what)
    {
        for (int j = 0; j < cols; j++)
        {
            Assert.True(BitConverter.SingleToInt32Bits(expected[j]) == BitConverter.SingleToInt32Bits(actual[j]),
                $"{what} column {j}: {actual[j]} instead of {expected[j]}");
        }
        for (int j = cols; j < actual.Length; j++)
        {
            Assert.True(actual[j] == Guard, $"{what}: y[{j}] past the {cols} columns was written ({actual[j]})");
        }
    }

    [Theory]
    [InlineData(false, 1, 100)]
    [InlineData(false, 2, 100)]
    [InlineData(false, 7, 100)]
    [InlineData(true, 1, 170)]
    [InlineData(true, 6, 170)]
    [InlineData(true, 7, 170)]
    public void EachPathSumsInTheDocumentedOrderAndWritesOnlyY(bool use512, int rows, int maxCols)
    {
        var random = new Random(rows * 7 + maxCols);
        int firstCols = use512 ? 120 : 1; // the 512-bit run: past the first 64-column block, where offsets begin to matter
        for (int cols = firstCols; cols <= maxCols; cols++)
        {
            float[] x = Random(random, rows), w = Random(random, rows * cols), start = Random(random, cols);
            foreach (float[] first in new[] { start, Array.Empty<float>() })
            {
                var expected = new float[cols];
                VectorMatrixProduct.NaiveInOrder(x, w, rows, cols, first, expected);
                var y = new float[cols + 9];
                y.AsSpan().Fill(Guard);
                VectorMatrixProduct.Multiply(x, w, rows, cols, first, y.AsSpan(0, cols), use512);
                AssertSameBits(expected, y, cols, $"use512 {use512} rows {rows} cols {cols} start {first.Length > 0}");
            }
        }
    }

    [Fact]
    public void EachTooShortSpanIsRefusedSayingTheShapeAndLongerSpansAreFine()
    {
        const int rows = 2, cols = 3;
        const string message = "Spans are too short for x[2]·W[2 x 3].";
        float[] x = [0.5f, -2f], w = [1f, 2f, 3f, 4f, 5f, 6f], start = [0.25f, 0.5f, 0.75f];
        void Refused(float[] xs, float[] ws, float[] starts, float[] ys) =>
            Assert.Equal(message, Assert.Throws<ArgumentException>(() => VectorMatrixProduct.Multiply(xs, ws, rows, cols, starts, ys)).Message);
        Refused(x[..1], w, start, new float[cols]);
        Refused(x, w[..5], start, new float[cols]);
        Refused(x, w, start, new float[cols - 1]);
        Refused(x, w, start[..2], new float[cols]);

        // Spans longer than the shape: only their first elements are read and written.
        float[] expected = [0.25f + 0.5f * 1f - 2f * 4f, 0.5f + 0.5f * 2f - 2f * 5f, 0.75f + 0.5f * 3f - 2f * 6f];
        var y = new float[cols + 2];
        y.AsSpan().Fill(Guard);
        VectorMatrixProduct.Multiply([.. x, float.NaN], [.. w, float.NaN], rows, cols, [.. start, float.NaN], y);
        AssertSameBits(expected, y, cols, "longer spans");
    }
}
