using MlNetTwoLayer.Engine.Numerics;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

/// <summary>
/// The packing routines against a naive twin that places every element by the layout's definition:
/// panels of mr rows (or nr columns), p-major, short panels zero-padded. Equality is exact (packing
/// only moves values). Shapes cover the vector paths (full 6- and 8-row panels of row-major A, full
/// panels of row-major B), their k remainders (kc not a multiple of 8) and the scalar paths beside them.
/// </summary>
public unsafe class GemmPackingTwinTests
{
    public static TheoryData<int, int, int> AShapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int mr in new[] { 4, 6, 8 })
        {
            foreach (int rows in new[] { 1, mr - 1, mr, 2 * mr + 1, 3 * mr })
            {
                foreach (int kc in new[] { 1, 7, 8, 9, 23, 256 })
                {
                    data.Add(mr, rows, kc);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AShapes))]
    public void PackAMatchesItsTwinInBothOrientations(int mr, int rows, int kc)
    {
        foreach (bool transposed in new[] { false, true })
        {
            // Element (i, p) of the block: row-major with a padded row stride, or stored transposed.
            int stride = transposed ? rows + 3 : kc + 5;
            nint rowStride = transposed ? 1 : stride, colStride = transposed ? stride : 1;
            float[] source = Values((transposed ? kc : rows) * stride, seed: mr * 1000 + rows * 10 + kc);
            int panels = (rows + mr - 1) / mr;
            float[] expected = new float[panels * mr * kc];
            for (int i = 0; i < rows; i++)
            {
                for (int p = 0; p < kc; p++)
                {
                    expected[i / mr * mr * kc + p * mr + i % mr] = source[i * rowStride + p * colStride];
                }
            }
            float[] actual = Enumerable.Repeat(float.NaN, expected.Length + 16).ToArray();
            fixed (float* src = source, dst = actual)
            {
                GemmPacking.PackA(src, rowStride, colStride, rows, kc, mr, dst);
            }
            Assert.Equal(expected, actual.Take(expected.Length).ToArray());
            Assert.All(actual.Skip(expected.Length), x => Assert.True(float.IsNaN(x), $"PackA wrote past its {expected.Length} floats (mr={mr}, rows={rows}, kc={kc}, transposed={transposed})."));
        }
    }

    public static TheoryData<int, int, int> BShapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int nr in new[] { 8, 16, 32 })
        {
            foreach (int cols in new[] { 1, nr - 1, nr, 2 * nr + 3, 3 * nr })
            {
                foreach (int kc in new[] { 1, 9, 256 })
                {
                    data.Add(nr, cols, kc);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BShapes))]
    public void PackBMatchesItsTwinInBothOrientations(int nr, int cols, int kc)
    {
        foreach (bool transposed in new[] { false, true })
        {
            // Element (p, j) of the block: row-major with a padded row stride, or stored transposed.
            int stride = transposed ? kc + 2 : cols + 7;
            nint rowStride = transposed ? 1 : stride, colStride = transposed ? stride : 1;
            float[] source = Values((transposed ? cols : kc) * stride, seed: nr * 1000 + cols * 10 + kc);
            int panels = (cols + nr - 1) / nr;
            float[] expected = new float[panels * nr * kc];
            for (int p = 0; p < kc; p++)
            {
                for (int j = 0; j < cols; j++)
                {
                    expected[j / nr * nr * kc + p * nr + j % nr] = source[p * rowStride + j * colStride];
                }
            }
            float[] actual = Enumerable.Repeat(float.NaN, expected.Length + 16).ToArray();
            fixed (float* src = source, dst = actual)
            {
                GemmPacking.PackB(src, rowStride, colStride, kc, cols, nr, dst);
            }
            Assert.Equal(expected, actual.Take(expected.Length).ToArray());
            Assert.All(actual.Skip(expected.Length), x => Assert.True(float.IsNaN(x), $"PackB wrote past its {expected.Length} floats (nr={nr}, cols={cols}, kc={kc}, transposed={transposed})."));
        }
    }

    private static float[] Values(int count, int seed)
    {
        var random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return values;
    }
}
