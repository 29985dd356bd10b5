using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetTwoLayer.MlNet.DataViews;

/// <summary>
/// The transformer as an <see cref="IRowToRowMapper"/>: what <c>PredictionEngine</c> and the lazy
/// data view use to add the model's output columns (Score, and Probability / PredictedLabel by task) to a row.
/// </summary>
internal sealed class TransformerRowMapper : IRowToRowMapper
{
    private readonly TwoLayerModelParameters _model;
    private readonly DataViewSchema.Column _featureColumn;

    /// <summary>Checks <paramref name="inputSchema"/> has the model's feature column and builds the output schema.</summary>
    public TransformerRowMapper(TwoLayerModelParameters model, string featureColumnName, DataViewSchema inputSchema)
    {
        int size = ColumnChecks.CheckFeatures(inputSchema, featureColumnName);
        if (size != model.InputCount)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSchema),
                $"Feature column '{featureColumnName}' has {size} values, but the model was trained on {model.InputCount}. Score with the same featurisation the model was trained with.");
        }
        _model = model;
        _featureColumn = inputSchema[featureColumnName];
        InputSchema = inputSchema;
        OutputSchema = PredictionColumns.Build(inputSchema, model);
    }

    /// <summary>The network.</summary>
    public TwoLayerModelParameters Model => _model;

    /// <summary>The input column the features come from.</summary>
    public DataViewSchema.Column FeatureColumn => _featureColumn;

    /// <inheritdoc/>
    public DataViewSchema InputSchema { get; }

    /// <inheritdoc/>
    public DataViewSchema OutputSchema { get; }

    /// <summary>True when any of the requested output columns is one the network computes.</summary>
    public bool NeedsScores(IEnumerable<DataViewSchema.Column> outputColumns) => outputColumns.Any(c => c.Index >= InputSchema.Count);

    /// <inheritdoc/>
    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var list = dependingColumns.ToList();
        var inputs = list.Where(c => c.Index < InputSchema.Count).Select(c => InputSchema[c.Index]).ToList();
        if (NeedsScores(list) && !inputs.Any(c => c.Index == _featureColumn.Index))
        {
            inputs.Add(_featureColumn);
        }
        return inputs;
    }

    /// <inheritdoc/>
    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!ReferenceEquals(input.Schema, InputSchema))
        {
            throw new ArgumentException("The row's schema is not the schema this mapper was made for.", nameof(input));
        }
        var active = activeColumns.ToList();
        return new MappedRow(this, input, active);
    }

    /// <summary>The active columns of an output row or cursor over <paramref name="input"/>, scoring only when a network column is active.</summary>
    internal OutputColumnGetters CreateColumns(DataViewRow input, IEnumerable<DataViewSchema.Column> active)
    {
        var list = active.ToList();
        return new OutputColumnGetters(input, OutputSchema, PredictionColumns.Columns(_model.Task), list, NeedsScores(list) ? new RowPredictor(_model, input, _featureColumn) : null);
    }

    /// <summary>A row of the output schema over an input row.</summary>
    private sealed class MappedRow(TransformerRowMapper mapper, DataViewRow input, List<DataViewSchema.Column> active) : DataViewRow
    {
        private readonly OutputColumnGetters _columns = mapper.CreateColumns(input, active);

        public override long Position => input.Position;

        public override long Batch => input.Batch;

        public override DataViewSchema Schema => mapper.OutputSchema;

        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => _columns.IsActive(column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _columns.GetGetter<TValue>(column);
    }
}
