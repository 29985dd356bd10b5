using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetTwoLayer.Tests.Helpers;

/// <summary>
/// A data view whose rows are given as they are, even when they break the view's own schema (a
/// feature vector of another length than the declared one, a sparse index out of range, a key above
/// its count): what a hand-written <see cref="IDataView"/> can do, and ML.NET's loaders never do.
/// Counts the cursors it opens and disposes and the feature reads, so tests can see who reads what.
/// Columns: Features (vector of Single, <c>slots</c> long), Label (<c>labelType</c>), and Weight (Single) when weights are given.
/// </summary>
public sealed class HandMadeDataView : IDataView
{
    private readonly VBuffer<float>[] _features;
    private readonly object[] _labels;
    private readonly float[]? _weights;

    /// <param name="slots">The feature vector's declared size.</param>
    /// <param name="labelType">The label's declared type; each label object must be of its raw type.</param>
    /// <param name="features">One vector per row (any length, dense or sparse).</param>
    /// <param name="labels">One label per row.</param>
    /// <param name="weights">One weight per row, or null for no weight column.</param>
    public HandMadeDataView(int slots, DataViewType labelType, IEnumerable<VBuffer<float>> features, IEnumerable<object> labels, IEnumerable<float>? weights = null)
    {
        _features = features.ToArray();
        _labels = labels.ToArray();
        _weights = weights?.ToArray();
        var builder = new DataViewSchema.Builder();
        builder.AddColumn("Features", new VectorDataViewType(NumberDataViewType.Single, slots));
        builder.AddColumn("Label", labelType);
        if (_weights != null)
        {
            builder.AddColumn("Weight", NumberDataViewType.Single);
        }
        Schema = builder.ToSchema();
    }

    /// <summary>Dense rows of <paramref name="slots"/> values with Single labels.</summary>
    public static HandMadeDataView Dense(int slots, float[][] rows, float[] labels, float[]? weights = null)
        => new(slots, NumberDataViewType.Single, rows.Select(r => new VBuffer<float>(r.Length, r)), labels.Cast<object>(), weights);

    /// <summary>Cursors opened so far.</summary>
    public int CursorsOpened { get; private set; }

    /// <summary>Cursors disposed so far.</summary>
    public int CursorsDisposed { get; private set; }

    /// <summary>Calls of a feature getter so far.</summary>
    public int FeatureReads { get; private set; }

    /// <inheritdoc/>
    public bool CanShuffle => false;

    /// <inheritdoc/>
    public DataViewSchema Schema { get; }

    /// <inheritdoc/>
    public long? GetRowCount() => _features.Length;

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        CursorsOpened++;
        return new Cursor(this);
    }

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(HandMadeDataView view) : DataViewRowCursor
    {
        private long _position = -1;
        private bool _disposed;

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => view.Schema;

        public override bool MoveNext() => ++_position < view._features.Length;

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            Delegate getter = column.Index switch
            {
                0 => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
                {
                    view.FeatureReads++;
                    view._features[_position].CopyTo(ref dst);
                }),
                1 => (ValueGetter<TValue>)((ref TValue dst) => dst = (TValue)view._labels[_position]),
                _ => (ValueGetter<float>)((ref float dst) => dst = view._weights![_position]),
            };
            return (ValueGetter<TValue>)getter;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_disposed)
            {
                _disposed = true;
                view.CursorsDisposed++;
            }
            base.Dispose(disposing);
        }
    }
}
