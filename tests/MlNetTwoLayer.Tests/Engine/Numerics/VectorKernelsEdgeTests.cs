using System.Numerics;
using MlNetTwoLayer.Engine.Numerics;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

/// <summary>
/// Edges of <see cref="VectorKernels"/> its twin tests leave open: non-finite values that an accumulation by XOR would
/// cancel out, the length checks' exact messages and parameter names, and a column-sum target that holds old values.
/// </summary>
public class VectorKernelsEdgeTests
{
    [Theory]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    [InlineData(float.NaN)]
    public void ANonFiniteValueInTheSameLaneOfTwoVectorsIsStillSeen(float bad)
    {
        // inf - inf is the same NaN in both vectors: OR keeps its bits, XOR would cancel them to 0 ("all finite").
        int n = Vector<float>.Count;
        for (int lane = 0; lane < n; lane++)
        {
            var x = new float[2 * n];
            x.AsSpan().Fill(0.5f);
            x[lane] = bad;
            x[n + lane] = bad;
            Assert.False(VectorKernels.AllFinite(x), $"{bad} in lane {lane} of both vectors");
            Assert.False(VectorKernels.AllFinite(x.AsSpan(0, n)), $"{bad} in lane {lane} of one vector");
        }
        Assert.True(VectorKernels.AllFinite(Enumerable.Repeat(float.MaxValue, 2 * n + 3).ToArray()));
    }

    [Fact]
    public void LengthMismatchesAreRefusedNamingTheSecondSpan()
    {
        var a = Assert.Throws<ArgumentException>(() => VectorKernels.AddScaled(new float[3], new float[4], 1f));
        Assert.Equal("x", a.ParamName);
        Assert.StartsWith("Spans must have the same length.", a.Message);

        var b = Assert.Throws<ArgumentException>(() => VectorKernels.AddBiasRelu(new float[3], new float[2]));
        Assert.Equal("bias", b.ParamName);
        Assert.StartsWith("Row and bias must have the same length.", b.Message);

        var c = Assert.Throws<ArgumentException>(() => VectorKernels.ReluMask(new float[9], new float[8]));
        Assert.Equal("h", c.ParamName);
        Assert.StartsWith("Spans must have the same length.", c.Message);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(4, 19)]
    public void ColumnSumsOverwriteWhatTheTargetHeld(int rows, int cols)
    {
        var random = new Random(rows * 31 + cols);
        float[] matrix = Enumerable.Range(0, rows * cols).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var sums = new float[cols + 2];
        sums.AsSpan().Fill(7f);

        VectorKernels.ColumnSums(matrix, rows, cols, sums);

        for (int j = 0; j < cols; j++)
        {
            float expected = 0f;
            for (int r = 0; r < rows; r++)
            {
                expected += matrix[r * cols + j];
            }
            Assert.Equal(expected, sums[j]);
        }
        Assert.Equal(new[] { 7f, 7f }, sums[cols..]);
    }
}
