namespace MlNetTwoLayer.Engine.Data;

/// <summary>
/// Rows kept by someone else that can be read again in any order, by position: the adapter's view
/// of an ML.NET cache (<c>AppendCacheCheckpoint</c>, <c>mlContext.Data.Cache</c>), which already holds
/// every row's non-zeros. A <see cref="SparseDataset"/> over it keeps only the positions, labels and
/// weights, rather than a second copy of the non-zeros beside the cache.
/// </summary>
internal interface ISparseRowSource
{
    /// <summary>
    /// Reads the row at <paramref name="position"/> into <paramref name="row"/> as its non-zeros, exactly as
    /// the training pass first read it (same indices, same order, zeros left out). Called from one thread at a time.
    /// </summary>
    void Read(long position, SparseRow row);
}
