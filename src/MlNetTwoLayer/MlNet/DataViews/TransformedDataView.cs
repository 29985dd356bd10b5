using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetTwoLayer.MlNet.DataViews;

/// <summary>
/// The lazy result of <c>Transform</c>: the input's rows with Score and PredictedLabel, computed as a
/// cursor reaches each row. Nothing is materialised; parallel cursor sets are passed through.
/// </summary>
internal sealed class TransformedDataView : IDataView
{
    private readonly IDataView _input;
    private readonly TransformerRowMapper _mapper;

    /// <summary>Wraps <paramref name="input"/>; <paramref name="mapper"/> must have been built for its schema.</summary>
    public TransformedDataView(IDataView input, TransformerRowMapper mapper)
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

    private sealed class Cursor(TransformerRowMapper mapper, DataViewRowCursor input, List<DataViewSchema.Column> active) : DataViewRowCursor
    {
        private readonly OutputColumnGetters _columns = mapper.CreateColumns(input, active);

        public override long Position => input.Position;

        public override long Batch => input.Batch;

        public override DataViewSchema Schema => mapper.OutputSchema;

        public override bool MoveNext() => input.MoveNext();

        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => _columns.IsActive(column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _columns.GetGetter<TValue>(column);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                input.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
