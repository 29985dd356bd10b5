namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>
/// The reusable description of one split product: C cut into contiguous bands of whole register
/// tiles, along n when it is the wider side, else along m. Whoever claims a band computes it with
/// its own thread slot's scratch. Holds no reference to the engine (see <see cref="GemmWorkers"/>).
/// </summary>
internal sealed class GemmParallelJob : IGemmParallelJob
{
    private readonly GemmScratch[] _scratch;
    private GemmProblem _problem;
    private GemmKernelKind _kind;
    private bool _pack;
    private bool _splitColumns;
    private int _bandWidth;

    /// <summary>Uses <paramref name="scratch"/>[slot] for thread slot <c>slot</c>.</summary>
    public GemmParallelJob(GemmScratch[] scratch) => _scratch = scratch;

    /// <inheritdoc/>
    public int Bands { get; private set; }

    /// <summary>Describes the next product; <paramref name="bandWidth"/> is a multiple of the tile side cut.</summary>
    public void Prepare(in GemmProblem problem, GemmKernelKind kind, bool pack, bool splitColumns, int bandWidth, int bands)
    {
        _problem = problem;
        _kind = kind;
        _pack = pack;
        _splitColumns = splitColumns;
        _bandWidth = bandWidth;
        Bands = bands;
    }

    /// <inheritdoc/>
    public void Execute(int band, int slot)
    {
        int extent = _splitColumns ? _problem.N : _problem.M;
        int start = band * _bandWidth, end = Math.Min(extent, start + _bandWidth);
        if (_splitColumns)
        {
            GemmEngine.RunRegion(_kind, _problem, 0, _problem.M, start, end, _scratch[slot], _pack);
        }
        else
        {
            GemmEngine.RunRegion(_kind, _problem, start, end, 0, _problem.N, _scratch[slot], _pack);
        }
    }
}
