using System.Runtime.InteropServices;

namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>
/// The packing buffers of one worker: native, 64-byte aligned (so packed panels load without
/// cache-line splits), allocated once and reused by every product, freed when collected.
/// </summary>
internal sealed unsafe class GemmScratch : IDisposable
{
    /// <summary>k-slice length: a 32-column B panel of this depth (32 KiB) stays in L1.</summary>
    public const int KC = 256;

    /// <summary>Rows of A packed at once (192 KiB at <see cref="KC"/>), sized for L2; a multiple of every MR.</summary>
    public const int MC = 192;

    /// <summary>Columns of B packed at once; a multiple of every NR.</summary>
    public const int NC = 1024;

    /// <summary>The largest MR of any kernel.</summary>
    public const int MaxMR = 8;

    /// <summary>The largest NR of any kernel.</summary>
    public const int MaxNR = 32;

    /// <summary>Lane width of the small-n path's packed B rows.</summary>
    public const int SmallNWidth = 16;

    private const int SmallFloats = MaxMR * KC + KC * MaxNR + MaxMR * MaxNR + KC * SmallNWidth;
    private float* _small;
    private float* _big;

    /// <summary>Allocates the small buffers; the large packing blocks come on first use.</summary>
    public GemmScratch()
    {
        _small = (float*)NativeMemory.AlignedAlloc(SmallFloats * sizeof(float), 64);
        EdgeA = _small;
        EdgeB = EdgeA + MaxMR * KC;
        Tile = EdgeB + KC * MaxNR;
        SmallB = Tile + MaxMR * MaxNR;
    }

    /// <summary>Frees the native buffers of an abandoned scratch.</summary>
    ~GemmScratch()
    {
        Free();
    }

    /// <summary>Frees the native buffers now; the scratch must not be used afterwards.</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        NativeMemory.AlignedFree(_small);
        NativeMemory.AlignedFree(_big);
        _small = null;
        _big = null;
    }

    /// <summary>One packed short row panel of A (MaxMR x KC).</summary>
    public float* EdgeA { get; }

    /// <summary>One packed short column panel of B (KC x MaxNR).</summary>
    public float* EdgeB { get; }

    /// <summary>A MaxMR x MaxNR tile for edge results (also holds the 32 x 6 tile of <see cref="GemmSmallNTransposedA"/>).</summary>
    public float* Tile { get; }

    /// <summary>B of the small-n path, KC rows of <see cref="SmallNWidth"/>.</summary>
    public float* SmallB { get; }

    /// <summary>The packed A block (MC x KC); allocated on first call.</summary>
    public float* PackA => EnsureBig();

    /// <summary>The packed B block (KC x NC); allocated on first call.</summary>
    public float* PackB => EnsureBig() + MC * KC;

    private float* EnsureBig()
    {
        if (_big == null)
        {
            _big = (float*)NativeMemory.AlignedAlloc((nuint)(MC * KC + KC * NC) * sizeof(float), 64);
        }
        return _big;
    }
}
