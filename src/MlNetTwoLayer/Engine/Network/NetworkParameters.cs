using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Engine.Network;

/// <summary>
/// W1, b1, W2 and b2 of the seed's network in one flat float32 buffer. The same type holds the
/// gradients dW1, db1, dW2, db2, so an optimiser steps one span with another.
/// </summary>
internal sealed class NetworkParameters
{
    /// <summary>Allocates a zeroed buffer for <paramref name="shape"/>.</summary>
    public NetworkParameters(NetworkShape shape)
    {
        Shape = shape;
        Values = new float[shape.ParameterCount];
    }

    /// <summary>The sizes and offsets of the blocks.</summary>
    public NetworkShape Shape { get; }

    /// <summary>All parameters: W1 (inputs x hidden), b1, W2 (hidden x classes), b2.</summary>
    public float[] Values { get; }

    /// <summary>W1, row-major inputs x hidden.</summary>
    public Span<float> W1 => Values.AsSpan(0, Shape.W1Length);

    /// <summary>b1, one per hidden unit.</summary>
    public Span<float> B1 => Values.AsSpan(Shape.B1Offset, Shape.Hidden);

    /// <summary>W2, row-major hidden x classes.</summary>
    public Span<float> W2 => Values.AsSpan(Shape.W2Offset, Shape.W2Length);

    /// <summary>b2, one per class.</summary>
    public Span<float> B2 => Values.AsSpan(Shape.B2Offset, Shape.Classes);

    /// <summary>Copies every value from <paramref name="source"/>, which must have the same shape.</summary>
    public void CopyFrom(NetworkParameters source)
    {
        if (source.Shape != Shape)
        {
            throw new ArgumentException($"Cannot copy parameters of shape {source.Shape} into {Shape}.", nameof(source));
        }
        source.Values.AsSpan().CopyTo(Values);
    }

    /// <summary>Returns a deep copy.</summary>
    public NetworkParameters Clone()
    {
        var copy = new NetworkParameters(Shape);
        copy.CopyFrom(this);
        return copy;
    }

    /// <summary>True when every parameter is a finite number.</summary>
    public bool AllFinite() => VectorKernels.AllFinite(Values);
}
