using MlNetTwoLayer.Engine.Numerics;
namespace MlNetTwoLayer.Engine.Data;

/// <summary>
/// Training rows as one dense row-major float32 matrix, with 0-based class labels and optional row
/// weights. The trainer reads dense feature columns into this once per fit; every epoch works from it.
/// </summary>
internal sealed class DenseDataset : Dataset
{
    /// <summary>Wraps the given arrays (not copied) after checking their lengths agree.</summary>
    public DenseDataset(float[] features, int[] labels, float[]? weights, int rows, int inputs, int classes, float[]? targets = null)
        : base(labels, weights, rows, inputs, classes, targets)
    {
        if ((long)rows * inputs > features.Length)
        {
            throw new ArgumentException($"Buffers are too short for {rows} rows of {inputs} features.");
        }
        Features = features;
    }

    /// <summary>rows x inputs, row-major.</summary>
    public float[] Features { get; }

    /// <inheritdoc/>
    public override long StoredValues => (long)Rows * Inputs;

    /// <inheritdoc/>
    public override Dataset Select(IReadOnlyList<int> rows)
    {
        int inputs = Inputs;
        float[] features = HugePages.NewFloats((long)rows.Count * inputs); // a shuffled epoch reads the selected rows at random
        var labels = new int[rows.Count];
        float[]? weights = Weights == null ? null : new float[rows.Count];
        float[]? targets = Targets == null ? null : new float[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            Features.AsSpan(rows[i] * inputs, inputs).CopyTo(features.AsSpan(i * inputs, inputs));
            labels[i] = Labels[rows[i]];
            if (weights != null)
            {
                weights[i] = Weights![rows[i]];
            }
            if (targets != null)
            {
                targets[i] = Targets![rows[i]];
            }
        }
        return new DenseDataset(features, labels, weights, rows.Count, inputs, Classes, targets);
    }

    /// <inheritdoc/>
    public override Dataset WithWeights(float[] weights) => new DenseDataset(Features, Labels, weights, Rows, Inputs, Classes, Targets);
}
