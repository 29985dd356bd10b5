namespace MlNetTwoLayer.Engine.Training;

/// <summary>
/// One mini-batch as slices of arrays: either rows of the data set read in place, or rows
/// gathered into the workspace's buffers; dense (<see cref="X"/>) or compressed sparse rows (<see cref="Csr"/>).
/// </summary>
internal readonly struct BatchView
{
    /// <summary>Describes <paramref name="rows"/> sparse rows: <paramref name="rowStarts"/>[<paramref name="rowStartOffset"/> ..] holds rows + 1 absolute offsets into <paramref name="indices"/>.</summary>
    public BatchView(int[] rowStarts, int rowStartOffset, int[] indices, float[] values, int[] labels, int labelOffset, float[]? weights, int weightOffset, int rows, int inputs)
    {
        Features = [];
        RowStarts = rowStarts;
        RowStartOffset = rowStartOffset;
        Indices = indices;
        Values = values;
        Labels = labels;
        LabelOffset = labelOffset;
        Weights = weights;
        WeightOffset = weightOffset;
        Rows = rows;
        Inputs = inputs;
    }

    /// <summary>Describes <paramref name="rows"/> rows starting at the given offsets.</summary>
    public BatchView(float[] features, int featureOffset, int[] labels, int labelOffset, float[]? weights, int weightOffset, int rows, int inputs,
        float[]? targets = null, int targetOffset = 0)
    {
        Targets = targets;
        TargetOffset = targetOffset;
        Features = features;
        FeatureOffset = featureOffset;
        Labels = labels;
        LabelOffset = labelOffset;
        Weights = weights;
        WeightOffset = weightOffset;
        Rows = rows;
        Inputs = inputs;
    }

    /// <summary>The array holding the rows' features (empty for a sparse batch).</summary>
    public float[] Features { get; }

    /// <summary>CSR row offsets of a sparse batch; null for a dense one.</summary>
    public int[]? RowStarts { get; }

    /// <summary>Where the batch's first row offset sits in <see cref="RowStarts"/>.</summary>
    public int RowStartOffset { get; }

    /// <summary>Feature indices of a sparse batch.</summary>
    public int[]? Indices { get; }

    /// <summary>Values of a sparse batch.</summary>
    public float[]? Values { get; }

    /// <summary>True for a sparse batch.</summary>
    public bool IsSparse => RowStarts != null;

    /// <summary>The batch's rows as CSR (sparse batches only).</summary>
    public Numerics.CsrBatch Csr => new(RowStarts.AsSpan(RowStartOffset, Rows + 1), Indices, Values, Rows, Inputs);

    /// <summary>Where the first row's features start.</summary>
    public int FeatureOffset { get; }

    /// <summary>The array holding the labels.</summary>
    public int[] Labels { get; }

    /// <summary>Where the first label sits.</summary>
    public int LabelOffset { get; }

    /// <summary>The array holding regression targets, or null for class labels.</summary>
    public float[]? Targets { get; }

    /// <summary>Where the first target sits.</summary>
    public int TargetOffset { get; }

    /// <summary>The array holding row weights, or null when unweighted.</summary>
    public float[]? Weights { get; }

    /// <summary>Where the first weight sits.</summary>
    public int WeightOffset { get; }

    /// <summary>Rows in the batch.</summary>
    public int Rows { get; }

    /// <summary>Features per row.</summary>
    public int Inputs { get; }

    /// <summary>The batch's features, rows x inputs.</summary>
    public ReadOnlySpan<float> X => Features.AsSpan(FeatureOffset, Rows * Inputs);

    /// <summary>The batch's labels.</summary>
    public ReadOnlySpan<int> Y => Labels.AsSpan(LabelOffset, Rows);

    /// <summary>The batch's regression targets, empty for class labels.</summary>
    public ReadOnlySpan<float> T => Targets == null ? default : Targets.AsSpan(TargetOffset, Rows);

    /// <summary>The batch's row weights, empty when unweighted.</summary>
    public ReadOnlySpan<float> W => Weights == null ? default : Weights.AsSpan(WeightOffset, Rows);
}
