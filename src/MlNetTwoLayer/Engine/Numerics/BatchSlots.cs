namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>
/// The distinct feature indices a CSR batch touches (its "compact slots", numbered in order of first
/// appearance) and the slot of each of its non-zeros. This is what lets the backward pass and the
/// optimiser visit only the W1 rows the batch touched: dW1 is summed into one compact row per slot,
/// visiting the non-zeros in batch order, so each row's sum has one fixed order (increasing batch row).
/// Built in one pass over the non-zeros with a slot map the size of the input, which is reset after
/// each batch (never cleared in full).
/// </summary>
/// <remarks>
/// An earlier version also turned the batch around (each slot's (row, value) entries contiguous): that
/// cost a second random read of the input-sized map per non-zero and a scattered write per entry, and
/// was a quarter of a text step's time; summing straight into the compact rows (which stay in cache)
/// gives the same sums in the same order.
/// </remarks>
internal sealed class BatchSlots
{
    private readonly int[] _slotOf;
    private int[] _touched = new int[256];
    private int[] _entrySlots = new int[256];

    /// <summary>Prepares for batches of rows with <paramref name="inputs"/> slots.</summary>
    public BatchSlots(int inputs)
    {
        _slotOf = new int[inputs];
        Array.Fill(_slotOf, -1);
    }

    /// <summary>Distinct feature indices of the last batch.</summary>
    public int Count { get; private set; }

    /// <summary>The feature index of each compact slot.</summary>
    public ReadOnlySpan<int> Touched => _touched.AsSpan(0, Count);

    /// <summary>The array behind <see cref="Touched"/> (its first <see cref="Count"/> entries).</summary>
    public int[] TouchedArray => _touched;

    /// <summary>The compact slot of each non-zero of the last batch, in batch order (entry k is non-zero <c>RowStarts[0] + k</c>).</summary>
    public ReadOnlySpan<int> EntrySlots => _entrySlots;

    /// <summary>Numbers the distinct indices of <paramref name="x"/> and records each non-zero's slot.</summary>
    public void Build(in CsrBatch x)
    {
        int first = x.RowStarts[0], nnz = x.NonZeros;
        if (_entrySlots.Length < nnz)
        {
            _entrySlots = new int[Math.Max(nnz, _entrySlots.Length * 2)];
        }
        int count = 0;
        int[] slotOf = _slotOf, entrySlots = _entrySlots;
        ReadOnlySpan<int> indices = x.Indices.Slice(first, nnz);
        for (int k = 0; k < indices.Length; k++)
        {
            int j = indices[k];
            int slot = slotOf[j];
            if (slot < 0)
            {
                slot = count++;
                slotOf[j] = slot;
                if (_touched.Length < count)
                {
                    Array.Resize(ref _touched, Math.Max(count, _touched.Length * 2));
                }
                _touched[slot] = j;
            }
            entrySlots[k] = slot;
        }
        // Reset only the entries used, so the map costs O(touched) per batch, not O(inputs).
        for (int c = 0; c < count; c++)
        {
            slotOf[_touched[c]] = -1;
        }
        Count = count;
    }
}
