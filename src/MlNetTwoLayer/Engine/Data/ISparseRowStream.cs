namespace MlNetTwoLayer.Engine.Data;

/// <summary>
/// A row stream that can hand out each row's non-zeros instead of a dense copy, so wide sparse
/// features (text, one-hot) are read without ever holding a row of every slot.
/// </summary>
internal interface ISparseRowStream : IRowStream
{
    /// <summary>
    /// Reads the next usable row's non-zeros into <paramref name="row"/>, with its class (or regression
    /// target) and weight; false at the end. Indices
    /// are in [0, <see cref="IRowStream.Inputs"/>) and values are finite (rows that are not are skipped or refused by the stream).
    /// </summary>
    bool NextSparse(SparseRow row, out int label, out float target, out float weight);
}
