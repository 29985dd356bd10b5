using MlNetTwoLayer.Tests.Helpers;
using Xunit;
using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

/// <summary>Each SIMD kernel against its scalar twin at every length 0..70 (all vector remainders).</summary>
public class VectorKernelsTests
{
    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        for (int n = 0; n <= 70; n++)
        {
            data.Add(n);
        }
        return data;
    }

    private static float[] RandomVector(int length, int seed)
    {
        var random = new Random(seed);
        var v = new float[length];
        for (int i = 0; i < length; i++)
        {
            v[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return v;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ElementWiseKernelsMatchScalarTwinsExactly(int n)
    {
        float[] x = RandomVector(n, 1), y = RandomVector(n, 2);

        float[] expected = (float[])y.Clone(), actual = (float[])y.Clone();
        for (int i = 0; i < n; i++)
        {
            expected[i] += 0.37f * x[i];
        }
        VectorKernels.AddScaled(actual, x, 0.37f);
        Assert.Equal(expected, actual);

        expected = (float[])x.Clone();
        actual = (float[])x.Clone();
        for (int i = 0; i < n; i++)
        {
            expected[i] *= -1.5f;
        }
        VectorKernels.Scale(actual, -1.5f);
        Assert.Equal(expected, actual);

        expected = (float[])x.Clone();
        actual = (float[])x.Clone();
        for (int i = 0; i < n; i++)
        {
            expected[i] = MathF.Max(0f, expected[i] + y[i]);
        }
        VectorKernels.AddBiasRelu(actual, y);
        Assert.Equal(expected, actual);

        expected = (float[])x.Clone();
        actual = (float[])x.Clone();
        for (int i = 0; i < n; i++)
        {
            if (!(y[i] > 0))
            {
                expected[i] = 0;
            }
        }
        VectorKernels.ReluMask(actual, y);
        Assert.Equal(expected, actual);
    }

    /// <summary>
    /// The kernels write through unchecked vector stores, so a loop bound past the span's end would write into
    /// whatever follows it (here the rest of the buffer, in memory another object) and still give the span the
    /// right values: each kernel runs on the first n elements of longer buffers, whose rest must stay as it was
    /// (and must not be read: AllFinite must not see a NaN there).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(20)]
    [InlineData(33)]
    public void ElementWiseKernelsTouchNothingPastTheirSpans(int n)
    {
        const int Length = 100;
        float[] x = RandomVector(Length, 3), y = RandomVector(Length, 4);
        // y's tail is negative: a ReLU kernel running past n would zero the target's tail.
        for (int i = n; i < Length; i++)
        {
            y[i] = -1f - i;
        }
        void Check(Action<float[]> kernel)
        {
            float[] target = RandomVector(Length, 5);
            float[] tail = target[n..];
            kernel(target);
            Assert.Equal(tail, target[n..]);
        }
        Check(t => VectorKernels.AddScaled(t.AsSpan(0, n), x.AsSpan(0, n), 0.37f));
        Check(t => VectorKernels.Scale(t.AsSpan(0, n), -1.5f));
        Check(t => VectorKernels.AddBiasRelu(t.AsSpan(0, n), y.AsSpan(0, n)));
        Check(t => VectorKernels.ReluMask(t.AsSpan(0, n), y.AsSpan(0, n)));
        // And reads: a NaN past the span is not the span's.
        float[] finiteThenNaN = RandomVector(Length, 6);
        finiteThenNaN.AsSpan(n).Fill(float.NaN);
        Assert.True(VectorKernels.AllFinite(finiteThenNaN.AsSpan(0, n)));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ReductionsMatchScalarTwins(int n)
    {
        float[] x = RandomVector(n, 3);
        double squares = 0;
        for (int i = 0; i < n; i++)
        {
            squares += (double)x[i] * x[i];
        }
        Tolerance.Close(squares, VectorKernels.SumOfSquares(x), 1e-12, 1e-12, "sum of squares");
        // Exactly the lane order it documents: value i into lane i mod 16, the lanes summed in order, whatever
        // vector width ran it (so the loss it feeds is the same on every processor).
        var lanes = new double[VectorKernels.SumOfSquaresLanes];
        for (int i = 0; i < n; i++)
        {
            lanes[i % lanes.Length] += (double)x[i] * x[i];
        }
        double inLaneOrder = 0;
        foreach (double lane in lanes)
        {
            inLaneOrder += lane;
        }
        Assert.Equal(BitConverter.DoubleToInt64Bits(inLaneOrder), BitConverter.DoubleToInt64Bits(VectorKernels.SumOfSquares(x)));
        foreach (int bits in new[] { 0, 256, 512 })
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(inLaneOrder), BitConverter.DoubleToInt64Bits(VectorKernels.SumOfSquares(x, bits)));
        }
    }

    [Fact]
    public void SumOfSquaresKeepsItsLaneOrderOnLongSpans()
    {
        // Values of very different sizes, so that another order of additions gives other bits.
        var random = new Random(8);
        float[] x = new float[4096 + 13];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(0, 4)));
        }
        var lanes = new double[VectorKernels.SumOfSquaresLanes];
        double sequential = 0;
        for (int i = 0; i < x.Length; i++)
        {
            lanes[i % lanes.Length] += (double)x[i] * x[i];
            sequential += (double)x[i] * x[i];
        }
        double expected = 0;
        foreach (double lane in lanes)
        {
            expected += lane;
        }
        Assert.NotEqual(BitConverter.DoubleToInt64Bits(sequential), BitConverter.DoubleToInt64Bits(expected));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(VectorKernels.SumOfSquares(x)));
        foreach (int bits in new[] { 0, 256, 512 })
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(VectorKernels.SumOfSquares(x, bits)));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MatrixKernelsMatchScalarTwins(int cols)
    {
        const int rows = 3;
        float[] matrix = RandomVector(rows * cols, 5), bias = RandomVector(cols, 6);

        float[] expected = (float[])matrix.Clone(), actual = (float[])matrix.Clone();
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < cols; j++)
            {
                expected[r * cols + j] += bias[j];
            }
        }
        VectorKernels.AddBias(actual, rows, cols, bias);
        Assert.Equal(expected, actual);

        float[] sums = new float[cols + 1], expectedSums = new float[cols];
        sums[cols] = 42;
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < cols; j++)
            {
                expectedSums[j] += matrix[r * cols + j];
            }
        }
        VectorKernels.ColumnSums(matrix, rows, cols, sums);
        Assert.Equal(expectedSums, sums.AsSpan(0, cols).ToArray());
        Assert.Equal(42, sums[cols]);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void AllFiniteMatchesItsScalarTwin(int n)
    {
        float[] x = RandomVector(n, 5);
        Assert.Equal(x.All(float.IsFinite), VectorKernels.AllFinite(x));
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            for (int at = 0; at < n; at++)
            {
                float[] y = (float[])x.Clone();
                y[at] = bad;
                Assert.False(VectorKernels.AllFinite(y), $"{bad} at {at} of {n}");
            }
        }
        Assert.True(VectorKernels.AllFinite(Enumerable.Repeat(float.MaxValue, n).ToArray()));
    }

    [Fact]
    public void MismatchedLengthsThrow()
    {
        Assert.Throws<ArgumentException>(() => VectorKernels.AddScaled(new float[3], new float[2], 1));
        Assert.Throws<ArgumentException>(() => VectorKernels.AddBiasRelu(new float[3], new float[2]));
        Assert.Throws<ArgumentException>(() => VectorKernels.ReluMask(new float[3], new float[2]));
    }
}
