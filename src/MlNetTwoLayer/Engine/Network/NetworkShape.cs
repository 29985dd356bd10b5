namespace MlNetTwoLayer.Engine.Network;

/// <summary>
/// The sizes of the seed's network: <c>Ni</c> inputs, <c>Nh</c> hidden units, <c>No</c> classes,
/// and where each parameter block sits in one flat buffer (W1, b1, W2, b2, in that order).
/// </summary>
/// <remarks>One flat buffer lets optimisers see plain spans and know nothing of layers.</remarks>
internal readonly record struct NetworkShape
{
    /// <summary>Creates a shape after checking every size is positive and the total fits in one array.</summary>
    /// <param name="inputs">Number of input features (<c>Ni</c>).</param>
    /// <param name="hidden">Number of hidden units (<c>Nh</c>).</param>
    /// <param name="classes">Number of output classes (<c>No</c>).</param>
    public NetworkShape(int inputs, int hidden, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        long total = (long)inputs * hidden + hidden + (long)hidden * classes + classes;
        if (total > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(hidden),
                $"A network of {inputs} inputs, {hidden} hidden units and {classes} classes has {total} parameters, more than one array can hold.");
        }
        Inputs = inputs;
        Hidden = hidden;
        Classes = classes;
    }

    /// <summary>Number of input features.</summary>
    public int Inputs { get; }

    /// <summary>Number of hidden units.</summary>
    public int Hidden { get; }

    /// <summary>Number of output classes.</summary>
    public int Classes { get; }

    /// <summary>Number of elements of W1 (inputs x hidden, row-major).</summary>
    public int W1Length => Inputs * Hidden;

    /// <summary>Number of elements of W2 (hidden x classes, row-major).</summary>
    public int W2Length => Hidden * Classes;

    /// <summary>Offset of b1 in the flat buffer.</summary>
    public int B1Offset => W1Length;

    /// <summary>Offset of W2 in the flat buffer.</summary>
    public int W2Offset => W1Length + Hidden;

    /// <summary>Offset of b2 in the flat buffer.</summary>
    public int B2Offset => W2Offset + W2Length;

    /// <summary>Total number of parameters.</summary>
    public int ParameterCount => B2Offset + Classes;
}
