namespace MlNetTwoLayer.Numerics;

/// <summary>
/// The reusable description of one split product: C cut into contiguous bands of whole register
/// tiles, along n when it is the wider side, else along m; band <c>part</c> goes to one thread with
/// its own scratch. Holds no reference to the engine (see <see cref="GemmWorkers"/>).
/// </summary>
internal sealed class GemmParallelJob : IGemmParallelJob
{
    private readonly GemmScratch[] _scratch;
    private GemmProblem _problem;
    private GemmKernelKind _kind;
    private bool _pack;
    private bool _splitColumns;
    private int _band;

    /// <summary>Uses <paramref name="scratch"/>[part] for part <c>part</c>.</summary>
    public GemmParallelJob(GemmScratch[] scratch) => _scratch = scratch;

    /// <summary>Describes the next product; <paramref name="band"/> is a multiple of the tile side cut.</summary>
    public void Prepare(in GemmProblem problem, GemmKernelKind kind, bool pack, bool splitColumns, int band)
    {
        _problem = problem;
        _kind = kind;
        _pack = pack;
        _splitColumns = splitColumns;
        _band = band;
    }

    /// <inheritdoc/>
    public void Execute(int part)
    {
        int extent = _splitColumns ? _problem.N : _problem.M;
        int start = Math.Min(extent, part * _band), end = Math.Min(extent, start + _band);
        if (start >= end)
        {
            return;
        }
        if (_splitColumns)
        {
            GemmEngine.RunRegion(_kind, _problem, 0, _problem.M, start, end, _scratch[part], _pack);
        }
        else
        {
            GemmEngine.RunRegion(_kind, _problem, start, end, 0, _problem.N, _scratch[part], _pack);
        }
    }
}
