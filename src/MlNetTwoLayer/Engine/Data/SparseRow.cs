namespace MlNetTwoLayer.Engine.Data;

/// <summary>
/// One row's non-zeros (feature indices and values), in buffers that grow to the widest row seen
/// and are then reused, so reading rows allocates nothing once warmed up.
/// </summary>
internal sealed class SparseRow
{
    /// <summary>Feature indices; the first <see cref="Count"/> are valid.</summary>
    public int[] Indices { get; private set; } = new int[16];

    /// <summary>Values beside <see cref="Indices"/>.</summary>
    public float[] Values { get; private set; } = new float[16];

    /// <summary>Non-zeros held.</summary>
    public int Count { get; private set; }

    /// <summary>The valid indices.</summary>
    public ReadOnlySpan<int> IndexSpan => Indices.AsSpan(0, Count);

    /// <summary>The valid values.</summary>
    public ReadOnlySpan<float> ValueSpan => Values.AsSpan(0, Count);

    /// <summary>Empties the row and makes room for <paramref name="capacity"/> non-zeros.</summary>
    public void Reset(int capacity)
    {
        if (Indices.Length < capacity)
        {
            int size = Math.Max(capacity, Indices.Length * 2);
            Indices = new int[size];
            Values = new float[size];
        }
        Count = 0;
    }

    /// <summary>Appends one non-zero; <see cref="Reset"/> must have made room.</summary>
    public void Append(int index, float value)
    {
        Indices[Count] = index;
        Values[Count] = value;
        Count++;
    }

    /// <summary>Copies <paramref name="other"/> into this row.</summary>
    public void CopyFrom(SparseRow other)
    {
        Reset(other.Count);
        other.IndexSpan.CopyTo(Indices);
        other.ValueSpan.CopyTo(Values);
        Count = other.Count;
    }

    /// <summary>Writes the row densely into <paramref name="dense"/> (cleared first).</summary>
    public void ScatterTo(Span<float> dense)
    {
        dense.Clear();
        for (int i = 0; i < Count; i++)
        {
            dense[Indices[i]] += Values[i];
        }
    }
}
