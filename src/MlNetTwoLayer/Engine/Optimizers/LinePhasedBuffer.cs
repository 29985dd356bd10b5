namespace MlNetTwoLayer.Engine.Optimizers;

/// <summary>
/// Optimiser state (Adam's moments, the momentum velocity) placed for the fused kernels' streams: at the
/// same position within a 64-byte cache line as the parameters it follows, so that when the kernels step
/// a few values one at a time to bring the parameters onto a line boundary
/// (<see cref="OptimizerKernels.HeadToLine"/>) the state's loads and stores line up too; and, within a
/// 4 KB page, as far as it can be from the parameters', the gradients' and the other state's positions,
/// because a load whose address matches a pending store's in its low 12 bits waits for it (4K
/// aliasing). Measured on Zen 4 (MNIST shape, 2 threads, in a training loop), Adam's step took 15 ms an
/// epoch with its second moment 64 bytes after the parameters within a page and 22 ms otherwise alike.
/// The values live in a pinned array with room to slide by up to a page; when the parameters or the
/// gradients are found elsewhere (a small array the garbage collector moved) the values move too. Where
/// they sit never changes what they are.
/// </summary>
internal sealed unsafe class LinePhasedBuffer
{
    private const int FloatsPerLine = 16;
    private const int PageBytes = 4096;
    private const int FloatsPerPage = PageBytes / sizeof(float);

    private readonly float[] _buffer;
    private int _offset;
    private nuint _placedFor;
    private nuint _placedAwayFrom;

    /// <summary><paramref name="length"/> zeros.</summary>
    public LinePhasedBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        // Pinned: its own address must not change behind Place's back.
        _buffer = GC.AllocateArray<float>(length == 0 ? 0 : length + FloatsPerPage - 1, pinned: true);
    }

    /// <summary>How many values.</summary>
    public int Length { get; }

    /// <summary>The values.</summary>
    public Span<float> Values => _buffer.AsSpan(_offset, Length);

    /// <summary>Where the values start within the backing array (for tests).</summary>
    internal int Offset => _offset;

    /// <summary>The values' first address modulo a page (for tests).</summary>
    internal int PagePosition
    {
        get
        {
            fixed (float* start = _buffer)
            {
                return (int)(((nuint)(start + _offset)) % PageBytes);
            }
        }
    }

    /// <summary>
    /// Moves the values, if needed, to <paramref name="parameters"/>' position within a line and, of the
    /// page positions that keeps, the one farthest from every address in <paramref name="others"/>
    /// (the parameters, gradients and state already placed); returns the values' new first address.
    /// </summary>
    public float* Place(float* parameters, ReadOnlySpan<nuint> others)
    {
        fixed (float* start = _buffer)
        {
            nuint address = (nuint)parameters;
            nuint awayFrom = 0;
            foreach (nuint other in others)
            {
                awayFrom = awayFrom * 31 + other % PageBytes;
            }
            // Every step asks; the answer changes only when an array moved (the search costs ~0.5 µs, a
            // third of a digits-shape Adam step).
            if (address % sizeof(float) != 0 || Length == 0 || (address == _placedFor && awayFrom == _placedAwayFrom))
            {
                return start + _offset;
            }
            _placedFor = address;
            _placedAwayFrom = awayFrom;
            nuint phase = address % (FloatsPerLine * sizeof(float));
            int bestPosition = 0, bestDistance = -1;
            for (int line = 0; line < PageBytes / (FloatsPerLine * sizeof(float)); line++)
            {
                int position = (int)phase + line * FloatsPerLine * sizeof(float);
                int distance = int.MaxValue;
                foreach (nuint other in others)
                {
                    int d = Math.Abs(position - (int)(other % PageBytes));
                    distance = Math.Min(distance, Math.Min(d, PageBytes - d));
                }
                if (distance > bestDistance)
                {
                    bestDistance = distance;
                    bestPosition = position;
                }
            }
            int want = (int)(((nuint)bestPosition + PageBytes - (nuint)start % PageBytes) % PageBytes / sizeof(float));
            if (want != _offset)
            {
                // Span.CopyTo copies overlapping ranges correctly.
                _buffer.AsSpan(_offset, Length).CopyTo(_buffer.AsSpan(want, Length));
                _offset = want;
            }
            return start + _offset;
        }
    }
}
