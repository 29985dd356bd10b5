using System.Runtime.InteropServices;
using MlNetTwoLayer.Engine.Network;

namespace MlNetTwoLayer.Engine.Training;

/// <summary>
/// The parameters of the best epoch so far, kept so that early stopping can hand back that epoch
/// rather than the last one. A small model is copied in memory; a model of at least
/// <see cref="TrainingSettings.BestEpochInMemoryBytes"/> bytes (a wide text model: 3 M slots × 16 hidden
/// units is 202 MB, as much as W1 itself) is written to a temporary file instead, which the
/// operating system's page cache holds, not the process, so the fit's peak memory does not carry a
/// fourth copy of W1 beside W1 and Adam's two moments. The bytes are written and read back
/// verbatim, so the model is the same bit for bit either way.
/// </summary>
/// <remarks>
/// The file is opened with <see cref="FileOptions.DeleteOnClose"/>: it disappears when the snapshot is
/// disposed or the process ends. If it cannot be created or written (no temporary folder, disk full),
/// the snapshot falls back to a copy in memory, which is only bigger.
/// </remarks>
internal sealed class BestEpochSnapshot : IDisposable
{
    private readonly NetworkParameters _live;
    private NetworkParameters? _copy;
    private FileStream? _file;

    /// <summary>A snapshot of <paramref name="live"/>'s parameters, on disk from <paramref name="inMemoryBytes"/> bytes on.</summary>
    /// <param name="live">The parameters training updates.</param>
    /// <param name="inMemoryBytes">Models this big or bigger are kept in a temporary file; 0 always spills, <see cref="long.MaxValue"/> never does.</param>
    public BestEpochSnapshot(NetworkParameters live, long inMemoryBytes)
        : this(live, inMemoryBytes, CreateTemporaryFile)
    {
    }

    /// <summary>As the public constructor, with the temporary file opened by <paramref name="createFile"/>.</summary>
    /// <remarks>
    /// Tests pass a <paramref name="createFile"/> that fails, or a file whose writes fail, to reach the fallbacks to memory:
    /// a temporary folder that refuses files or a disk that fills up mid-training cannot be made cheaply (the tests run as
    /// root, and changing TMPDIR would disturb the tests running beside them).
    /// </remarks>
    internal BestEpochSnapshot(NetworkParameters live, long inMemoryBytes, Func<FileStream> createFile)
    {
        _live = live;
        if ((long)live.Values.Length * sizeof(float) < inMemoryBytes)
        {
            _copy = live.Clone();
        }
        else
        {
            try
            {
                _file = createFile();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _copy = new NetworkParameters(live.Shape);
            }
            // Like the copy in memory, the snapshot starts as the initial parameters.
            Save();
        }
    }

    /// <summary>A new temporary file, deleted when closed.</summary>
    private static FileStream CreateTemporaryFile()
        => new(Path.Combine(Path.GetTempPath(), $"tlnn-best-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 1 << 16, FileOptions.DeleteOnClose);

    /// <summary>The snapshot is held in a temporary file rather than in memory.</summary>
    public bool OnDisk => _file != null;

    /// <summary>Records the live parameters as the best epoch's.</summary>
    public void Save()
    {
        if (_file != null)
        {
            try
            {
                _file.Position = 0;
                _file.Write(MemoryMarshal.AsBytes(_live.Values.AsSpan()));
                _file.Flush();
                return;
            }
            catch (IOException)
            {
                // Disk full or gone: keep the snapshot in memory from now on.
                _file.Dispose();
                _file = null;
                _copy = new NetworkParameters(_live.Shape);
            }
        }
        _copy!.CopyFrom(_live);
    }

    /// <summary>Puts the best epoch's parameters back into the live ones.</summary>
    public void Restore()
    {
        if (_file == null)
        {
            _live.CopyFrom(_copy!);
            return;
        }
        _file.Position = 0;
        _file.ReadExactly(MemoryMarshal.AsBytes(_live.Values.AsSpan()));
    }

    /// <summary>Deletes the temporary file, if any.</summary>
    public void Dispose() => _file?.Dispose();
}
