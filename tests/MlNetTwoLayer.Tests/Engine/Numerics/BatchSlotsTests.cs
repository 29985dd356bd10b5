using MlNetTwoLayer.Engine.Numerics;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

/// <summary>
/// <see cref="BatchSlots"/> at the sizes where its buffers (256 slots and 256 non-zeros to start with) are exactly full
/// or must grow by more than double, batch after batch, against a naive numbering by first appearance.
/// </summary>
public class BatchSlotsTests
{
    private static void AssertNumbering(BatchSlots slots, int[] indices)
    {
        int[] distinct = indices.Distinct().ToArray();
        Assert.Equal(distinct, slots.Touched.ToArray());
        for (int k = 0; k < indices.Length; k++)
        {
            Assert.Equal(indices[k], slots.Touched[slots.EntrySlots[k]]);
        }
    }

    [Fact]
    public void ExactlyFullAndMoreThanDoubledBuffersNumberEveryIndex()
    {
        const int inputs = 2000;
        var slots = new BatchSlots(inputs);
        var random = new Random(4);
        // 256 distinct features in 256 non-zeros (both buffers exactly full), then 600 non-zeros at once (more than
        // twice the 256 non-zeros held), then 700 distinct features, then a small batch after the big ones.
        foreach ((int rows, int perRow, int distinctPool) in new[] { (16, 16, 256), (20, 30, 1500), (35, 20, inputs), (3, 4, 10) })
        {
            int[] pool = Enumerable.Range(0, inputs).OrderBy(_ => random.Next()).Take(distinctPool).ToArray();
            var indices = new List<int>();
            var starts = new List<int> { 0 };
            for (int r = 0; r < rows; r++)
            {
                for (int i = 0; i < perRow; i++)
                {
                    indices.Add(distinctPool == 256 ? pool[r * perRow + i] : pool[random.Next(distinctPool)]);
                }
                starts.Add(indices.Count);
            }
            int[] ix = indices.ToArray();
            slots.Build(new CsrBatch(starts.ToArray(), ix, new float[ix.Length], rows, inputs));
            Assert.Equal(ix.Distinct().Count(), slots.Count);
            AssertNumbering(slots, ix);
        }
        Assert.True(slots.TouchedArray.Length >= 256);
    }
}
