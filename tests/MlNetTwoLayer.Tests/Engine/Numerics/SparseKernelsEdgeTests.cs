using System.Numerics;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

/// <summary>
/// The sparse kernels' edges against float twins that do the documented operations in the documented order
/// (so bit for bit): the register-summed embedding bags of one to four vectors per row, row and slot sub-ranges
/// of batches read in place with absolute offsets, spans too short for the batch, indices outside W1, and the
/// rescaling's scratch and zero-weight rows. Buffers carry guard values past the spans a call may touch.
/// </summary>
public class SparseKernelsEdgeTests
{
    private const float Guard = 12345f;

    /// <summary>Hidden sizes of one, two, three and four vectors (the register paths), five (the general path) and a ragged one.</summary>
    public static TheoryData<int> HiddenSizes()
    {
        int n = Vector<float>.Count;
        return new TheoryData<int> { n, 2 * n, 3 * n, 4 * n, 5 * n, n + 3 };
    }

    /// <summary>
    /// A batch of rows 2..9 of a random CSR matrix, read in place (its row starts are absolute offsets), whose
    /// index array goes on past the batch's last non-zero with an index no W1 row has.
    /// </summary>
    private static (int[] Starts, int[] Indices, float[] Values) BatchWithTrailingJunk(int inputs, int seed)
    {
        (int[] starts, int[] indices, float[] values) = SparseTestData.RandomCsr(12, inputs, 9, seed);
        int end = starts[11];
        int[] ix = indices[..end].Append(inputs + 1000).Append(-7).ToArray();
        float[] vs = values[..end].Append(float.NaN).Append(float.NaN).ToArray();
        return (starts[2..12], ix, vs);
    }

    private static float[] Random(int count, int seed)
    {
        var random = new SeededRandom(seed);
        return Enumerable.Range(0, count).Select(_ => 2f * random.NextSingle() - 1f).ToArray();
    }

    [Theory]
    [MemberData(nameof(HiddenSizes))]
    public void EmbeddingBagOfARowRangeMatchesTheInOrderTwinBitForBitAndWritesOnlyThoseRows(int hidden)
    {
        const int inputs = 23, rows = 9;
        (int[] starts, int[] indices, float[] values) = BatchWithTrailingJunk(inputs, seed: hidden);
        float[] w = Random(inputs * hidden, seed: 3);
        var batch = new CsrBatch(starts, indices, values, rows, inputs);
        var z = new float[rows * hidden + 5];
        z.AsSpan().Fill(Guard);

        SparseKernels.EmbeddingBag(batch, w, hidden, z.AsSpan(0, rows * hidden), 1, rows - 1);

        for (int r = 0; r < rows; r++)
        {
            for (int h = 0; h < hidden; h++)
            {
                // The twin: z = 0, then z + v·w for each non-zero in order, rounded after each multiply and add.
                float expected = 0f;
                for (int k = starts[r]; k < starts[r + 1]; k++)
                {
                    expected += values[k] * w[indices[k] * hidden + h];
                }
                float actual = z[r * hidden + h];
                if (r == 0 || r == rows - 1)
                {
                    Assert.True(actual == Guard, $"row {r} outside the range was written: {actual}");
                }
                else
                {
                    Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual),
                        $"hidden {hidden} z[{r},{h}] = {actual} instead of {expected}");
                }
            }
        }
        Assert.All(z[(rows * hidden)..], v => Assert.Equal(Guard, v));
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(4, 5)]
    [InlineData(1, -1)]
    public void AnIndexOutsideW1IsRejectedNamingTheIndexAndTheRows(int vectors, int badIndex)
    {
        const int inputs = 5;
        int hidden = vectors * Vector<float>.Count; // the pointer paths: each index is checked before its W1 row is read
        int[] starts = [0, 2, 4];
        int[] indices = [0, 4, 1, badIndex];
        float[] values = [1f, 2f, 3f, 4f];
        float[] w = Random(inputs * hidden, seed: 1);
        var z = new float[2 * hidden];

        var e = Assert.Throws<IndexOutOfRangeException>(
            () => SparseKernels.EmbeddingBag(new CsrBatch(starts, indices, values, 2, inputs), w, hidden, z, 0, 2));

        Assert.Equal($"Feature index {badIndex} is outside the 5 rows of W1.", e.Message);
    }

    [Fact]
    public void IndicesPastTheLastRowsNonZerosAreNotChecked()
    {
        // Only a row's own non-zeros are the row's: the index after them (here one no W1 row has) is not checked.
        const int inputs = 4;
        int hidden = Vector<float>.Count;
        int[] starts = [0, 2, 3];
        int[] indices = [0, 3, 2, 99];
        float[] values = [1f, 2f, 3f, 4f];
        float[] w = Random(inputs * hidden, seed: 6);
        var z = new float[2 * hidden];

        SparseKernels.EmbeddingBag(new CsrBatch(starts, indices, values, 2, inputs), w, hidden, z, 0, 2);

        for (int h = 0; h < hidden; h++)
        {
            Assert.Equal(1f * w[h] + 2f * w[3 * hidden + h], z[h]);
            Assert.Equal(0f + 3f * w[2 * hidden + h], z[hidden + h]);
        }
    }

    [Fact]
    public void TooShortOutputOrWeightsAreErrorsNotReadsOrWritesPastThem()
    {
        // A hidden layer of one vector takes the pointer path when the spans are long enough; when they are not,
        // the bounds-checked path must report it instead of writing past z or reading past W1.
        int hidden = Vector<float>.Count;
        const int inputs = 6, rows = 3;
        int[] starts = [0, 2, 3, 5];
        int[] indices = [0, 5, 2, 1, 5];
        float[] values = [1f, -2f, 0.5f, 3f, 1f];
        float[] w = Random(inputs * hidden + 4, seed: 2);

        var zBuffer = new float[rows * hidden + 4];
        zBuffer.AsSpan().Fill(Guard);
        Assert.Throws<ArgumentOutOfRangeException>(
            () => SparseKernels.EmbeddingBag(new CsrBatch(starts, indices, values, rows, inputs), w.AsSpan(0, inputs * hidden), hidden, zBuffer.AsSpan(0, rows * hidden - 1), 0, rows));
        Assert.All(zBuffer[(rows * hidden - 1)..], v => Assert.Equal(Guard, v));

        // W1 one row short: index 5 has no row in it, though the batch says there are 6 inputs.
        float[] wBuffer = w.ToArray();
        wBuffer.AsSpan((inputs - 1) * hidden).Fill(float.NaN);
        var z = new float[rows * hidden];
        Assert.Throws<ArgumentOutOfRangeException>(
            () => SparseKernels.EmbeddingBag(new CsrBatch(starts, indices, values, rows, inputs), wBuffer.AsSpan(0, (inputs - 1) * hidden), hidden, z, 0, rows));
        Assert.DoesNotContain(z, float.IsNaN);
    }

    [Fact]
    public void ScatterProductOfASlotRangeOfABatchReadInPlaceWritesExactlyThoseSlots()
    {
        const int inputs = 17, rows = 9, hidden = 11;
        (int[] starts, int[] indices, float[] values) = BatchWithTrailingJunk(inputs, seed: 4);
        var batch = new CsrBatch(starts, indices, values, rows, inputs);
        var slots = new BatchSlots(inputs);
        slots.Build(batch);
        Assert.True(slots.Count >= 6, "the test needs slots on both sides of the range");
        float[] dh = Random(rows * hidden, seed: 5);
        int from = 2, to = slots.Count - 2;
        var g = new float[slots.Count * hidden];
        g.AsSpan().Fill(Guard);

        SparseKernels.ScatterProduct(batch, slots, dh, hidden, g, from, to);

        for (int c = 0; c < slots.Count; c++)
        {
            int feature = slots.Touched[c];
            for (int h = 0; h < hidden; h++)
            {
                float expected = Guard;
                if (c >= from && c < to)
                {
                    // The twin: the non-zeros of this feature in batch order, g + v·dh each.
                    expected = 0f;
                    for (int r = 0; r < rows; r++)
                    {
                        for (int k = starts[r]; k < starts[r + 1]; k++)
                        {
                            if (indices[k] == feature)
                            {
                                expected += values[k] * dh[r * hidden + h];
                            }
                        }
                    }
                }
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(g[c * hidden + h]),
                    $"slot {c} (range {from}..{to}) [{h}] = {g[c * hidden + h]} instead of {expected}");
            }
        }
    }

    [Fact]
    public void AveragingReadsABatchInPlaceIgnoresStaleScratchAndLeavesFeaturesOfZeroWeightRowsAlone()
    {
        const int inputs = 10, hidden = 5;
        // Rows 1..4 of a larger CSR buffer: {1, 4}, {7}, {1, 2, 4}, {3}; feature 7 occurs only in a row of weight 0.
        int[] starts = [2, 4, 5, 8, 9];
        int[] indices = [9, 9, 1, 4, 7, 1, 2, 4, 3];
        float[] values = [5f, 5f, 1f, 1f, 1f, 1f, 1f, 1f, 1f];
        float[] rowWeights = [1.5f, 0f, 2f, 0.25f];
        const float batchWeight = 3.75f;
        var batch = new CsrBatch(starts, indices, values, 4, inputs);
        var slots = new BatchSlots(inputs);
        slots.Build(batch);
        Assert.Equal(new[] { 1, 4, 7, 2, 3 }, slots.Touched.ToArray());
        float[] g = Random(slots.Count * hidden, seed: 8), before = g.ToArray();
        var staleScratch = new double[slots.Count + 3];
        staleScratch.AsSpan().Fill(2.5);

        SparseKernels.AverageOverPresentRows(batch, slots, rowWeights, batchWeight, hidden, g, staleScratch);

        double[] present = [1.5 + 2, 1.5 + 2, 0, 2, 0.25];
        for (int c = 0; c < slots.Count; c++)
        {
            for (int h = 0; h < hidden; h++)
            {
                float expected = present[c] > 0 ? before[c * hidden + h] * (batchWeight / (float)present[c]) : before[c * hidden + h];
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(g[c * hidden + h]),
                    $"feature {slots.Touched[c]} [{h}] = {g[c * hidden + h]} instead of {expected}");
            }
        }
    }
}
