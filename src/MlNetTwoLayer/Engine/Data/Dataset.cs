namespace MlNetTwoLayer.Engine.Data;

/// <summary>
/// Training rows held in memory, whatever their layout: <see cref="DenseDataset"/> (one row-major
/// float32 matrix) or <see cref="SparseDataset"/> (compressed sparse rows, for text and one-hot
/// features). Labels and row weights are the same for both; only the features differ.
/// </summary>
internal abstract class Dataset
{
    /// <summary>Checks the label and weight buffers hold <paramref name="rows"/> rows.</summary>
    protected Dataset(int[] labels, float[]? weights, int rows, int inputs, int classes, float[]? targets = null)
    {
        if (rows < 0 || labels.Length < rows || (weights != null && weights.Length < rows) || (targets != null && targets.Length < rows))
        {
            throw new ArgumentException($"Label or weight buffers are too short for {rows} rows.");
        }
        Labels = labels;
        Weights = weights;
        Targets = targets;
        Rows = rows;
        Inputs = inputs;
        Classes = classes;
    }

    /// <summary>Class index of each row, in [0, <see cref="Classes"/>).</summary>
    public int[] Labels { get; }

    /// <summary>Regression target of each row, or null for classification.</summary>
    public float[]? Targets { get; }

    /// <summary>Weight of each row's loss, or null when all rows weigh 1.</summary>
    public float[]? Weights { get; }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of features per row.</summary>
    public int Inputs { get; }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>Feature values stored (rows x inputs when dense; the non-zeros when sparse).</summary>
    public abstract long StoredValues { get; }

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

    /// <summary>A new data set of the given rows, in the given order, with the same layout.</summary>
    public abstract Dataset Select(IReadOnlyList<int> rows);

    /// <summary>The same features and labels with other row weights (the feature buffers are shared, not copied).</summary>
    public abstract Dataset WithWeights(float[] weights);
}
