using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

/// <summary>
/// The sparse first-layer kernels against naive dense twins computed in double: odd shapes, hidden
/// sizes around the SIMD width (remainders), empty rows, and batches that reuse the transpose.
/// </summary>
public class SparseKernelsTests
{
    public static TheoryData<int, int, int, int> Shapes() => new()
    {
        // rows, inputs, hidden, max non-zeros per row
        { 1, 1, 1, 1 },
        { 3, 7, 5, 3 },
        { 5, 50, 8, 9 },
        { 9, 31, 17, 31 },
        { 13, 1000, 33, 40 },
        { 2, 64, 64, 64 },
        { 17, 300, 100, 20 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void EmbeddingBagMatchesTheDenseProduct(int rows, int inputs, int hidden, int maxNonZeros)
    {
        (int[] starts, int[] indices, float[] values) = SparseTestData.RandomCsr(rows, inputs, maxNonZeros, seed: rows * 31 + hidden);
        float[] w = RandomValues(inputs * hidden, seed: 5);
        float[] dense = SparseTestData.Densify(starts, indices, values, rows, inputs);
        var z = new float[rows * hidden];
        z.AsSpan().Fill(float.NaN); // every output must be written, empty rows included

        SparseKernels.EmbeddingBag(new CsrBatch(starts, indices, values, rows, inputs), w, hidden, z, 0, rows);

        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < hidden; c++)
            {
                double expected = 0;
                for (int j = 0; j < inputs; j++)
                {
                    expected += (double)dense[r * inputs + j] * w[j * hidden + c];
                }
                Tolerance.Close(expected, z[r * hidden + c], 1e-5, 1e-5, $"z[{r},{c}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ScatterProductMatchesTheDenseProductOnTouchedRowsOnly(int rows, int inputs, int hidden, int maxNonZeros)
    {
        (int[] starts, int[] indices, float[] values) = SparseTestData.RandomCsr(rows, inputs, maxNonZeros, seed: rows * 17 + inputs);
        float[] dh = RandomValues(rows * hidden, seed: 9);
        float[] dense = SparseTestData.Densify(starts, indices, values, rows, inputs);
        var slots = new BatchSlots(inputs);
        var batch = new CsrBatch(starts, indices, values, rows, inputs);
        slots.Build(batch);
        var g = new float[Math.Max(1, slots.Count) * hidden];
        g.AsSpan().Fill(float.NaN); // every touched row must be written

        SparseKernels.ScatterProduct(batch, slots, dh, hidden, g, 0, slots.Count);

        Assert.Equal(indices.Distinct().Order(), slots.Touched.ToArray().Order());
        for (int c = 0; c < slots.Count; c++)
        {
            int j = slots.Touched[c];
            for (int k = 0; k < hidden; k++)
            {
                double expected = 0;
                for (int r = 0; r < rows; r++)
                {
                    expected += (double)dense[r * inputs + j] * dh[r * hidden + k];
                }
                Tolerance.Close(expected, g[c * hidden + k], 1e-5, 1e-5, $"dW1[{j},{k}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SplittingTheSlotsOrTheRowsOverThreadsGivesTheSameBits(int rows, int inputs, int hidden, int maxNonZeros)
    {
        (int[] starts, int[] indices, float[] values) = SparseTestData.RandomCsr(rows, inputs, maxNonZeros, seed: rows * 7 + hidden);
        float[] dh = RandomValues(rows * hidden, seed: 2), w = RandomValues(inputs * hidden, seed: 3);
        var batch = new CsrBatch(starts, indices, values, rows, inputs);
        var slots = new BatchSlots(inputs);
        slots.Build(batch);
        var whole = new float[Math.Max(1, slots.Count) * hidden];
        var split = new float[whole.Length];
        SparseKernels.ScatterProduct(batch, slots, dh, hidden, whole, 0, slots.Count);
        var z = new float[rows * hidden];
        var zSplit = new float[z.Length];
        SparseKernels.EmbeddingBag(batch, w, hidden, z, 0, rows);
        long saved = ParallelRanges.MinimumWork;
        using var two = new GemmEngine(2);
        try
        {
            ParallelRanges.MinimumWork = 1; // so both really split
            SparseKernels.ScatterProductParallel(batch, slots, dh, hidden, split, two);
            SparseKernels.EmbeddingBagParallel(batch, w, hidden, zSplit, two);
        }
        finally
        {
            ParallelRanges.MinimumWork = saved;
        }
        Assert.Equal(whole, split);
        Assert.Equal(z, zSplit);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AveragingOverPresentRowsRescalesEachRowByTheBatchWeightOverItsRowsWeight(bool weighted)
    {
        const int rows = 11, inputs = 40, hidden = 5;
        (int[] starts, int[] indices, float[] values) = SparseTestData.RandomCsr(rows, inputs, 9, seed: 12);
        float[] rowWeights = weighted ? RandomValues(rows, seed: 6).Select(v => 1.5f + v).ToArray() : [];
        float batchWeight = weighted ? (float)rowWeights.Sum(w => (double)w) : rows;
        var batch = new CsrBatch(starts, indices, values, rows, inputs);
        var slots = new BatchSlots(inputs);
        slots.Build(batch);
        float[] g = RandomValues(slots.Count * hidden, seed: 7), before = (float[])g.Clone();

        SparseKernels.AverageOverPresentRows(batch, slots, rowWeights, batchWeight, hidden, g, new double[slots.Count]);

        for (int c = 0; c < slots.Count; c++)
        {
            // Naive twin: the weight of the rows holding the feature, one per occurrence.
            double present = 0;
            for (int r = 0; r < rows; r++)
            {
                for (int k = starts[r]; k < starts[r + 1]; k++)
                {
                    present += indices[k] == slots.Touched[c] ? (weighted ? rowWeights[r] : 1) : 0;
                }
            }
            for (int i = 0; i < hidden; i++)
            {
                Tolerance.Close(before[c * hidden + i] * batchWeight / present, g[c * hidden + i], 1e-5, 1e-6, $"row {slots.Touched[c]}");
            }
        }

        // A feature in every row keeps its gradient bit for bit.
        int[] all = [0, 1, 2];
        var full = new CsrBatch(all, [7, 7], [1f, 2f], 2, inputs);
        slots.Build(full);
        float[] kept = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f];
        SparseKernels.AverageOverPresentRows(full, slots, default, 2, hidden, kept, new double[1]);
        Assert.Equal(new[] { 0.1f, 0.2f, 0.3f, 0.4f, 0.5f }, kept);
    }

    [Fact]
    public void SlotsAreRenumberedBatchAfterBatchAndRepeatedIndicesAreSummed()
    {
        const int inputs = 20;
        var slots = new BatchSlots(inputs);
        for (int round = 0; round < 5; round++)
        {
            (int[] starts, int[] indices, float[] values) = SparseTestData.RandomCsr(6 + round, inputs, 8 + round, seed: 40 + round);
            slots.Build(new CsrBatch(starts, indices, values, 6 + round, inputs));
            Assert.Equal(indices.Distinct().Count(), slots.Count);
            // Slots in order of first appearance, and each non-zero names its own index's slot.
            Assert.Equal(indices.Distinct().ToArray(), slots.Touched.ToArray());
            for (int k = 0; k < indices.Length; k++)
            {
                Assert.Equal(indices[k], slots.Touched[slots.EntrySlots[k]]);
            }
        }

        // An index repeated within one row (a hand-made buffer) contributes both values, as the
        // forward embedding bag sums them too.
        int[] rs = [0, 2];
        int[] ix = [3, 3];
        float[] vs = [1f, 2f];
        var one = new CsrBatch(rs, ix, vs, 1, inputs);
        slots.Build(one);
        var dh = new float[] { 1f, 10f };
        var g = new float[2];
        SparseKernels.ScatterProduct(one, slots, dh, 2, g, 0, slots.Count);
        Assert.Equal(1, slots.Count);
        Assert.Equal(new[] { 3f, 30f }, g);
        var z = new float[2];
        var w1 = new float[inputs * 2];
        w1[6] = 1f;
        w1[7] = 10f;
        SparseKernels.EmbeddingBag(one, w1, 2, z, 0, 1);
        Assert.Equal(new[] { 3f, 30f }, z);
    }

    [Fact]
    public void EmbeddingBagReadsBatchesInPlaceWithAbsoluteOffsets()
    {
        (int[] starts, int[] indices, float[] values) = SparseTestData.RandomCsr(10, 30, 6, seed: 3);
        float[] w = RandomValues(30 * 7, seed: 4);
        var whole = new float[10 * 7];
        SparseKernels.EmbeddingBag(new CsrBatch(starts, indices, values, 10, 30), w, 7, whole, 0, 10);
        var part = new float[3 * 7];
        SparseKernels.EmbeddingBag(new CsrBatch(starts.AsSpan(4, 4), indices, values, 3, 30), w, 7, part, 0, 3);
        Assert.Equal(whole.AsSpan(4 * 7, 3 * 7).ToArray(), part);
    }

    private static float[] RandomValues(int count, int seed)
    {
        var random = new SeededRandom(seed);
        return Enumerable.Range(0, count).Select(_ => 2f * random.NextSingle() - 1f).ToArray();
    }
}
