namespace MlNetTwoLayer.Engine.Data;

/// <summary>
/// Training rows as one dense row-major float32 matrix, with 0-based class labels (all 0 for
/// regression data: one stratum), real-valued targets for regression, and optional row weights. The
/// trainer reads its data into this once per fit; every epoch works from it.
/// </summary>
internal sealed class DenseDataset
{
    /// <summary>Wraps the given arrays (not copied) after checking their lengths agree.</summary>
    public DenseDataset(float[] features, int[] labels, float[]? weights, int rows, int inputs, int classes, float[]? targets = null)
    {
        if ((long)rows * inputs > features.Length || labels.Length < rows || (weights != null && weights.Length < rows) || (targets != null && targets.Length < rows))
        {
            throw new ArgumentException($"Buffers are too short for {rows} rows of {inputs} features.");
        }
        Features = features;
        Labels = labels;
        Weights = weights;
        Targets = targets;
        Rows = rows;
        Inputs = inputs;
        Classes = classes;
    }

    /// <summary>rows x inputs, row-major.</summary>
    public float[] Features { get; }

    /// <summary>Class index of each row, in [0, <see cref="Classes"/>).</summary>
    public int[] Labels { get; }

    /// <summary>The real-valued label of each row for regression; null for classification data.</summary>
    public float[]? Targets { get; }

    /// <summary>Weight of each row's loss, or null when all rows weigh 1.</summary>
    public float[]? Weights { get; }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of features per row.</summary>
    public int Inputs { get; }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>Σ weights (or the row count when unweighted).</summary>
    public double TotalWeight()
    {
        if (Weights == null)
        {
            return Rows;
        }
        double sum = 0;
        for (int i = 0; i < Rows; i++)
        {
            sum += Weights[i];
        }
        return sum;
    }
}
