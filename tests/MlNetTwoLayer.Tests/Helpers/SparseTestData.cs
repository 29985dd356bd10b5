using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;

namespace MlNetTwoLayer.Tests.Helpers;

/// <summary>Random CSR rows for the sparse tests, and their dense twins.</summary>
public static class SparseTestData
{
    /// <summary>
    /// <paramref name="rows"/> rows of <paramref name="inputs"/> slots, each with up to <paramref name="maxNonZeros"/>
    /// distinct random indices in increasing order (some rows empty), values in [-2, 2).
    /// </summary>
    internal static (int[] RowStarts, int[] Indices, float[] Values) RandomCsr(int rows, int inputs, int maxNonZeros, int seed)
    {
        var random = new SeededRandom(seed);
        var starts = new int[rows + 1];
        var indices = new List<int>();
        var values = new List<float>();
        for (int r = 0; r < rows; r++)
        {
            int count = random.NextInt(Math.Min(maxNonZeros, inputs) + 1);
            var chosen = new SortedSet<int>();
            while (chosen.Count < count)
            {
                chosen.Add(random.NextInt(inputs));
            }
            foreach (int j in chosen)
            {
                indices.Add(j);
                values.Add(4f * random.NextSingle() - 2f);
            }
            starts[r + 1] = indices.Count;
        }
        return (starts, indices.ToArray(), values.ToArray());
    }

    /// <summary>The dense row-major twin of CSR rows.</summary>
    internal static float[] Densify(int[] rowStarts, int[] indices, float[] values, int rows, int inputs)
    {
        var dense = new float[rows * inputs];
        for (int r = 0; r < rows; r++)
        {
            for (int k = rowStarts[r]; k < rowStarts[r + 1]; k++)
            {
                dense[r * inputs + indices[k]] += values[k];
            }
        }
        return dense;
    }

    /// <summary>The CSR twin of a dense data set, keeping every value (zeros included) so every feature is present in every row.</summary>
    internal static SparseDataset AllPresent(DenseDataset dense)
    {
        int rows = dense.Rows, inputs = dense.Inputs;
        var starts = new int[rows + 1];
        var indices = new int[rows * inputs];
        for (int r = 0; r < rows; r++)
        {
            starts[r + 1] = (r + 1) * inputs;
            for (int j = 0; j < inputs; j++)
            {
                indices[r * inputs + j] = j;
            }
        }
        return new SparseDataset(starts, indices, (float[])dense.Features.Clone(), dense.Labels, dense.Weights, rows, inputs, dense.Classes);
    }
}
