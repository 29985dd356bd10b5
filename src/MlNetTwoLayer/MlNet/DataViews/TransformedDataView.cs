using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetTwoLayer.MlNet.DataViews;

/// <summary>
/// The lazy result of <c>Transform</c>: the input's rows with Score and PredictedLabel, computed as a
/// cursor reaches each row. Nothing is materialised; parallel cursor sets are passed through.
/// </summary>
/// <remarks>
/// <c>Transform</c> returns a run-time generated subclass (<c>MlNetInternals</c>) that is also one of
/// ML.NET's internal ONNX-savable data transforms, so <c>mlContext.Model.ConvertToOnnx</c> walks
/// through it: it forwards <c>Source</c>, <c>CanSaveOnnx</c> and <c>SaveAsOnnx</c> to the members here.
/// </remarks>
internal class TransformedDataView : IDataView, ICanSaveModel
{
    private readonly IDataView _input;
    private readonly TransformerRowMapper _mapper;

    /// <summary>Wraps <paramref name="input"/>; <paramref name="mapper"/> must have been built for its schema.</summary>
    public TransformedDataView(IDataView input, TransformerRowMapper mapper)
    {
        _input = input;
        _mapper = mapper;
    }

    /// <summary>The view this one scores (ML.NET's <c>IDataTransform.Source</c>, along which its ONNX converter walks back).</summary>
    public IDataView Source => _input;

    /// <summary>
    /// Every head converts (multiclass, binary, regression); <paramref name="onnxContext"/> is ML.NET's internal context.
    /// </summary>
    internal bool CanSaveOnnx(object onnxContext) => onnxContext != null;

    /// <summary>
    /// Adds the network's nodes to the graph ML.NET's converter is building. Weights too large for
    /// float arithmetic are refused first, as by <c>ExportToOnnx</c>: the graph has no double fallback.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model's float sums can overflow in an ONNX runtime.</exception>
    internal void SaveAsOnnx(object onnxContext)
    {
        Onnx.OnnxRangeCheck.ThrowIfSumsCanOverflow(_mapper.Model);
        Onnx.OnnxScoringGraph.Write(Interop.MlNetInternals.OnnxGraphWriter(onnxContext), _mapper.Model, _mapper.FeatureColumn.Name);
    }

    /// <summary>
    /// ML.NET's data transforms can save themselves as a legacy data pipeline; this one is saved as
    /// part of its transformer (<c>mlContext.Model.Save</c>) instead.
    /// </summary>
    void ICanSaveModel.Save(ModelSaveContext ctx)
        => throw new NotSupportedException("A scored view of a TwoLayerTransformer is not saved on its own: save the transformer (or the whole model) with mlContext.Model.Save.");

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
