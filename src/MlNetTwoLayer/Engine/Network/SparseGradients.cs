using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Engine.Network;

/// <summary>
/// The gradients of one step on a sparse batch: dW1 only for the W1 rows the batch touched (one
/// compact row per distinct feature, in <see cref="TouchedRows"/> order), and db1, dW2, db2 dense, laid
/// out as the flat parameter buffer lays them out from b1 on. Memory is O(batch non-zeros x hidden
/// + the dense tail), never inputs x hidden.
/// </summary>
internal sealed class SparseGradients
{
    private float[] _w1Rows;

    /// <summary>Allocates the dense tail and the slot map for <paramref name="shape"/>.</summary>
    public SparseGradients(NetworkShape shape)
    {
        Shape = shape;
        Slots = new BatchSlots(shape.Inputs);
        Dense = new float[shape.ParameterCount - shape.B1Offset];
        _w1Rows = new float[256 * shape.Hidden];
    }

    /// <summary>The network's sizes.</summary>
    public NetworkShape Shape { get; }

    /// <summary>The last batch's compact slots: which W1 rows it touched, and the slot of each non-zero.</summary>
    public BatchSlots Slots { get; }

    /// <summary>The W1 row index of each compact gradient row.</summary>
    public ReadOnlySpan<int> TouchedRows => Slots.Touched;

    /// <summary>dW1 for the touched rows only, <c>TouchedRows.Length x hidden</c>.</summary>
    public Span<float> W1Rows => _w1Rows.AsSpan(0, Slots.Count * Shape.Hidden);

    /// <summary>The array behind <see cref="W1Rows"/>.</summary>
    public float[] W1RowsArray => _w1Rows;

    /// <summary>db1, dW2, db2 in the flat buffer's order (the span an optimiser steps beside <c>Values[B1Offset..]</c>).</summary>
    public float[] Dense { get; }

    /// <summary>db1.</summary>
    public Span<float> B1 => Dense.AsSpan(0, Shape.Hidden);

    /// <summary>dW2, hidden x classes.</summary>
    public Span<float> W2 => Dense.AsSpan(Shape.Hidden, Shape.W2Length);

    /// <summary>db2.</summary>
    public Span<float> B2 => Dense.AsSpan(Shape.Hidden + Shape.W2Length, Shape.Classes);

    /// <summary>Numbers the touched rows of <paramref name="x"/> and makes room for their gradients.</summary>
    internal void Prepare(in CsrBatch x)
    {
        Slots.Build(x);
        long needed = (long)Slots.Count * Shape.Hidden;
        if (_w1Rows.Length < needed)
        {
            _w1Rows = new float[Math.Max(needed, Math.Min(Array.MaxLength, _w1Rows.Length * 2L))];
        }
    }
}
