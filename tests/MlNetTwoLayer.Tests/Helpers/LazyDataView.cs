using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetTwoLayer.Tests.Helpers;

/// <summary>
/// A custom <see cref="IDataView"/> whose rows are computed on demand from delegates, to play the views
/// an attacker (or a buggy data source) hands the trainer: a row count that lies, labels that change
/// between passes, keys above their count, millions of rows that never exist in memory. It counts the
/// passes and rows it served, and calls <see cref="OnRow"/> for every row, so tests can act at an exact row.
/// </summary>
public sealed class LazyDataView : IDataView
{
    private readonly long _rows;
    private readonly int _features;
    private readonly Func<int, long, double> _label;
    private readonly ulong? _keyCount;
    private readonly Func<long, float>? _weight;
    private readonly long? _reportedRows;
    private readonly bool _booleanLabel;
    private int _passes;
    private long _served;

    /// <param name="rows">Rows the cursor really yields.</param>
    /// <param name="features">Features per row (each a hash of row and column in [-1, 1)).</param>
    /// <param name="label">Label of a row in a pass (pass 0 is the first cursor): a class index for a Single label, a raw key (1-based) for a key label.</param>
    /// <param name="keyCount">Null for a Single label column; else the label is a UInt32 key of this count.</param>
    /// <param name="weight">Null for no "Weight" column; else each row's weight.</param>
    /// <param name="reportedRows">What <see cref="GetRowCount"/> says; by default the truth.</param>
    /// <param name="keyValues">Text key values for a key label (must have <paramref name="keyCount"/> entries), or null.</param>
    /// <param name="booleanLabel">A Boolean label (a binary classifier's), true where <paramref name="label"/> is not 0.</param>
    public LazyDataView(long rows, int features, Func<int, long, double> label, ulong? keyCount = null, Func<long, float>? weight = null,
        long? reportedRows = -1, string[]? keyValues = null, bool booleanLabel = false)
    {
        _booleanLabel = booleanLabel;
        _rows = rows;
        _features = features;
        _label = label;
        _keyCount = keyCount;
        _weight = weight;
        _reportedRows = reportedRows == -1 ? rows : reportedRows;
        var builder = new DataViewSchema.Builder();
        builder.AddColumn("Features", new VectorDataViewType(NumberDataViewType.Single, features));
        if (keyCount is ulong count)
        {
            var annotations = new DataViewSchema.Annotations.Builder();
            if (keyValues != null)
            {
                ValueGetter<VBuffer<ReadOnlyMemory<char>>> values = (ref VBuffer<ReadOnlyMemory<char>> dst)
                    => dst = new VBuffer<ReadOnlyMemory<char>>(keyValues.Length, keyValues.Select(v => v.AsMemory()).ToArray());
                annotations.Add("KeyValues", new VectorDataViewType(TextDataViewType.Instance, keyValues.Length), values);
            }
            builder.AddColumn("Label", new KeyDataViewType(typeof(uint), count), annotations.ToAnnotations());
        }
        else
        {
            builder.AddColumn("Label", booleanLabel ? BooleanDataViewType.Instance : NumberDataViewType.Single);
        }
        if (weight != null)
        {
            builder.AddColumn("Weight", NumberDataViewType.Single);
        }
        Schema = builder.ToSchema();
    }

    /// <summary>Called with each row's position as the cursor reaches it.</summary>
    public Action<long>? OnRow { get; set; }

    /// <summary>Cursors opened so far.</summary>
    public int Passes => Volatile.Read(ref _passes);

    /// <summary>Rows served so far, over every pass.</summary>
    public long RowsServed => Interlocked.Read(ref _served);

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _reportedRows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        => new Cursor(this, Interlocked.Increment(ref _passes) - 1);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    /// <summary>Feature <paramref name="column"/> of <paramref name="row"/>, in [-1, 1).</summary>
    public static float Feature(long row, int column)
    {
        ulong z = (ulong)row * 0x9E3779B97F4A7C15UL ^ (ulong)column * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 40) * (2f / (1 << 24)) - 1f;
    }

    private sealed class Cursor(LazyDataView view, int pass) : DataViewRowCursor
    {
        private long _position = -1;

        public override long Position => _position;

        public override long Batch => 0;

        public override DataViewSchema Schema => view.Schema;

        public override bool MoveNext()
        {
            if (_position + 1 >= view._rows)
            {
                return false;
            }
            _position++;
            Interlocked.Increment(ref view._served);
            view.OnRow?.Invoke(_position);
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            Delegate getter = column.Index switch
            {
                0 => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
                {
                    var editor = VBufferEditor.Create(ref dst, view._features);
                    for (int j = 0; j < view._features; j++)
                    {
                        editor.Values[j] = Feature(_position, j);
                    }
                    dst = editor.Commit();
                }),
                1 when view._keyCount != null => (ValueGetter<uint>)((ref uint dst) => dst = (uint)view._label(pass, _position)),
                1 when view._booleanLabel => (ValueGetter<bool>)((ref bool dst) => dst = view._label(pass, _position) != 0),
                1 => (ValueGetter<float>)((ref float dst) => dst = (float)view._label(pass, _position)),
                _ => (ValueGetter<float>)((ref float dst) => dst = view._weight!(_position)),
            };
            return (ValueGetter<TValue>)getter;
        }
    }
}
