namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>
/// A CSR batch turned around: the distinct feature indices it touches (its "compact slots", in order
/// of first appearance) and, for each, the (row, value) entries in row order. This is what lets the
/// backward pass and the optimiser visit only the W1 rows the batch touched, with one fixed
/// summation order per row. Built in O(non-zeros) with a slot map the size of the input, which is
/// reset after each batch (never cleared in full).
/// </summary>
internal sealed class BatchTranspose
{
    private readonly int[] _slotOf;
    private int[] _touched = new int[256];
    private int[] _slotStarts = new int[257];
    private int[] _entryRows = new int[256];
    private float[] _entryValues = new float[256];
    private int[] _cursor = new int[256];

    /// <summary>Prepares for batches of rows with <paramref name="inputs"/> slots.</summary>
    public BatchTranspose(int inputs)
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

    /// <summary>Where each slot's entries start (Count + 1 offsets).</summary>
    public int[] SlotStarts => _slotStarts;

    /// <summary>Batch row of each entry.</summary>
    public int[] EntryRows => _entryRows;

    /// <summary>Value of each entry.</summary>
    public float[] EntryValues => _entryValues;

    /// <summary>Builds the transpose of <paramref name="x"/>.</summary>
    public void Build(in CsrBatch x)
    {
        int first = x.RowStarts[0], nnz = x.NonZeros;
        EnsureEntries(nnz);
        int count = 0;
        // Pass 1: number the distinct indices and count each one's entries.
        for (int k = first; k < first + nnz; k++)
        {
            int j = x.Indices[k];
            int slot = _slotOf[j];
            if (slot < 0)
            {
                slot = count++;
                _slotOf[j] = slot;
                EnsureSlots(count);
                _touched[slot] = j;
                _cursor[slot] = 0;
            }
            _cursor[slot]++;
        }
        _slotStarts[0] = 0;
        for (int c = 0; c < count; c++)
        {
            _slotStarts[c + 1] = _slotStarts[c] + _cursor[c];
            _cursor[c] = _slotStarts[c];
        }
        // Pass 2: place the entries, rows in increasing order within each slot.
        for (int r = 0; r < x.Rows; r++)
        {
            for (int k = x.RowStarts[r]; k < x.RowStarts[r + 1]; k++)
            {
                int e = _cursor[_slotOf[x.Indices[k]]]++;
                _entryRows[e] = r;
                _entryValues[e] = x.Values[k];
            }
        }
        // Reset only the entries used, so the map costs O(touched) per batch, not O(inputs).
        for (int c = 0; c < count; c++)
        {
            _slotOf[_touched[c]] = -1;
        }
        Count = count;
    }

    private void EnsureEntries(int nnz)
    {
        if (_entryRows.Length < nnz)
        {
            int size = Math.Max(nnz, _entryRows.Length * 2);
            _entryRows = new int[size];
            _entryValues = new float[size];
        }
    }

    private void EnsureSlots(int count)
    {
        if (_touched.Length < count)
        {
            int size = Math.Max(count, _touched.Length * 2);
            Array.Resize(ref _touched, size);
            Array.Resize(ref _cursor, size);
            _slotStarts = new int[size + 1];
        }
    }
}
