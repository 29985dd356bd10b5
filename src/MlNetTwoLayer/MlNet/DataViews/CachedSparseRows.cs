using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.MlNet.Interop;

namespace MlNetTwoLayer.MlNet.DataViews;

/// <summary>
/// The feature rows of an ML.NET cache read again by position, so that training on a cached view
/// (<c>AppendCacheCheckpoint</c>, the usual text pipeline) keeps positions, labels and weights but not a
/// second copy of the non-zeros: on the 50k-document text benchmark that copy was 229 MB. The rows are
/// converted by <see cref="DataViewRowStream.CopyNonZeros"/>, as in the training pass, so the model is
/// the one a copy would give, bit for bit.
/// </summary>
internal sealed class CachedSparseRows : ISparseRowSource, IDisposable
{
    private readonly DataViewRow _row;
    private readonly Func<long, bool> _moveTo;
    private readonly ValueGetter<VBuffer<float>> _getFeatures;
    private VBuffer<float> _features;
    private bool _disposed;

    private CachedSparseRows(DataViewRow row, Func<long, bool> moveTo, DataViewSchema.Column features)
    {
        _row = row;
        _moveTo = moveTo;
        _getFeatures = row.GetGetter<VBuffer<float>>(features);
    }

    /// <summary>Random access to <paramref name="featureColumn"/> of <paramref name="data"/> when it is an ML.NET cache; else null.</summary>
    public static CachedSparseRows? TryCreate(IDataView data, string featureColumn)
    {
        DataViewSchema.Column features = data.Schema[featureColumn];
        return MlNetInternals.TryCreateCacheSeeker(data, [features]) is var (row, moveTo) ? new CachedSparseRows(row, moveTo, features) : null;
    }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The rows were released: a data set outlived its cache.</exception>
    public void Read(long position, SparseRow row)
    {
        // ML.NET's seeker still reads after Dispose; a data set that outlives its cache is a bug to
        // report here rather than hide.
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_moveTo(position))
        {
            throw new InvalidOperationException($"Row {position} of the cached training data is gone; the data changed during training.");
        }
        _getFeatures(ref _features);
        DataViewRowStream.CopyNonZeros(_features, row);
    }

    /// <summary>True once disposed (a data set must not read from it then).</summary>
    internal bool IsDisposed => _disposed;

    /// <summary>Releases ML.NET's row.</summary>
    public void Dispose()
    {
        _disposed = true;
        _row.Dispose();
    }
}
