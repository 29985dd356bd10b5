using MlNetTwoLayer.Engine.Numerics;


namespace MlNetTwoLayer.Engine.Network;

/// <summary>
/// Every buffer one forward/backward pass over a batch needs, allocated once for the largest batch
/// so that training allocates nothing per step.
/// </summary>
internal sealed class BatchWorkspace
{
    /// <summary>Allocates buffers for batches of up to <paramref name="capacity"/> rows.</summary>
    public BatchWorkspace(NetworkShape shape, int capacity, GemmEngine gemm, bool needsInputBuffer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Shape = shape;
        Capacity = capacity;
        Gemm = gemm;
        Hidden = new float[(long)capacity * shape.Hidden];
        Output = new float[(long)capacity * shape.Classes];
        HiddenGradient = new float[(long)capacity * shape.Hidden];
        Input = needsInputBuffer ? new float[(long)capacity * shape.Inputs] : [];
        Labels = new int[capacity];
        RowWeights = new float[capacity];
        Targets = new float[capacity];
    }

    /// <summary>The network's sizes.</summary>
    public NetworkShape Shape { get; }

    /// <summary>The largest batch these buffers hold.</summary>
    public int Capacity { get; }

    /// <summary>The matrix-product engine, with its own packing buffers and thread count.</summary>
    public GemmEngine Gemm { get; }

    /// <summary>Gathered input rows of a shuffled batch (capacity x inputs); empty when batches are read in place.</summary>
    public float[] Input { get; }

    /// <summary>Labels of a gathered batch.</summary>
    public int[] Labels { get; }

    /// <summary>Regression targets of a gathered batch.</summary>
    public float[] Targets { get; }

    /// <summary>Row weights of a gathered batch.</summary>
    public float[] RowWeights { get; }

    /// <summary>h, the hidden activations (capacity x hidden).</summary>
    public float[] Hidden { get; }

    /// <summary>Scores, then probabilities o, then dscore (capacity x classes).</summary>
    public float[] Output { get; }

    /// <summary>dh, the gradient at the hidden layer (capacity x hidden).</summary>
    public float[] HiddenGradient { get; }
}
