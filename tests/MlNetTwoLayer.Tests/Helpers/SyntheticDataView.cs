using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetTwoLayer.Tests.Helpers;

/// <summary>
/// A data view of any number of generated rows, never materialised: each row's features are a hash
/// of (seed, row, column) in [-1, 1), and its label is the argmax of a fixed random linear map of the
/// features, so the classes are learnable. Memory is O(1) whatever the row count.
/// </summary>
public sealed class SyntheticDataView : IDataView
{
    private readonly long _rows;
    private readonly int _features, _classes;
    private readonly ulong _seed;
    private readonly float[] _projection;

    public SyntheticDataView(long rows, int features, int classes, int seed)
    {
        _rows = rows;
        _features = features;
        _classes = classes;
        _seed = (ulong)seed;
        _projection = Enumerable.Range(0, features * classes).Select(i => Uniform(12345, (ulong)i, 7)).ToArray();
        var builder = new DataViewSchema.Builder();
        builder.AddColumn("Features", new VectorDataViewType(NumberDataViewType.Single, features));
        builder.AddColumn("Label", NumberDataViewType.Single);
        Schema = builder.ToSchema();
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _rows;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(this);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(this)];

    private static float Uniform(ulong seed, ulong row, ulong column)
    {
        ulong z = seed * 0x9E3779B97F4A7C15UL ^ row * 0xBF58476D1CE4E5B9UL ^ column * 0x94D049BB133111EBUL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 40) * (2f / (1 << 24)) - 1f;
    }

    private sealed class Cursor(SyntheticDataView view) : DataViewRowCursor
    {
        private readonly float[] _row = new float[view._features];
        private long _position = -1;
        private float _label;

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
            for (int j = 0; j < _row.Length; j++)
            {
                _row[j] = Uniform(view._seed, (ulong)_position, (ulong)j);
            }
            int best = 0;
            float bestScore = float.NegativeInfinity;
            for (int k = 0; k < view._classes; k++)
            {
                float score = 0;
                for (int j = 0; j < _row.Length; j++)
                {
                    score += view._projection[k * _row.Length + j] * _row[j];
                }
                if (score > bestScore)
                {
                    bestScore = score;
                    best = k;
                }
            }
            _label = best;
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index == 0)
            {
                ValueGetter<VBuffer<float>> features = (ref VBuffer<float> dst) =>
                {
                    var editor = VBufferEditor.Create(ref dst, _row.Length);
                    _row.CopyTo(editor.Values);
                    dst = editor.Commit();
                };
                return (ValueGetter<TValue>)(Delegate)features;
            }
            ValueGetter<float> label = (ref float dst) => dst = _label;
            return (ValueGetter<TValue>)(Delegate)label;
        }
    }
}
