using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetTwoLayer.Data;

/// <summary>
/// The lazy result of <c>Transform</c>: the input's rows with Score and PredictedLabel, computed as a
/// cursor reaches each row. Nothing is materialised; parallel cursor sets are passed through.
/// </summary>
internal sealed class ScoredDataView : IDataView
{
    private readonly IDataView _input;
    private readonly ScoringRowMapper _mapper;

    /// <summary>Wraps <paramref name="input"/>; <paramref name="mapper"/> must have been built for its schema.</summary>
    public ScoredDataView(IDataView input, ScoringRowMapper mapper)
    {
        _input = input;
        _mapper = mapper;
    }

    /// <inheritdoc/>
    public bool CanShuffle => _input.CanShuffle;

    /// <inheritdoc/>
    public DataViewSchema Schema => _mapper.OutputSchema;

    /// <inheritdoc/>
    public long? GetRowCount() => _input.GetRowCount();

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var active = columnsNeeded.ToList();
        return new Cursor(_mapper, _input.GetRowCursor(_mapper.GetDependencies(active), rand), active);
    }

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
    {
        var active = columnsNeeded.ToList();
        return _input.GetRowCursorSet(_mapper.GetDependencies(active), n, rand)
            .Select(inner => (DataViewRowCursor)new Cursor(_mapper, inner, active))
            .ToArray();
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly ScoringRowMapper _mapper;
        private readonly DataViewRowCursor _input;
        private readonly bool[] _active;
        private readonly RowScores? _scores;

        public Cursor(ScoringRowMapper mapper, DataViewRowCursor input, List<DataViewSchema.Column> active)
        {
            _mapper = mapper;
            _input = input;
            _active = new bool[mapper.OutputSchema.Count];
            foreach (DataViewSchema.Column c in active)
            {
                _active[c.Index] = true;
            }
            _scores = mapper.CreateScores(input, active);
        }

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override DataViewSchema Schema => _mapper.OutputSchema;

        public override bool MoveNext() => _input.MoveNext();

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            => ScoringGetters.Create<TValue>(_input, Schema, column, _scores);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _input.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
