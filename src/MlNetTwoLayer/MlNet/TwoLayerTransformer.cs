using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MlNetTwoLayer.MlNet.DataViews;

namespace MlNetTwoLayer;

/// <summary>
/// A trained two-layer network in an ML.NET pipeline, for every task: a multiclass model adds
/// <c>Score</c> (class probabilities, slot names = class names) and <c>PredictedLabel</c> (a key whose
/// values are the class names); a binary model adds <c>Score</c> (the margin), <c>Probability</c> and
/// <c>PredictedLabel</c> (Boolean); a regression model adds <c>Score</c>. <see cref="TwoLayerModelParameters.Task"/> says which. <c>Transform</c> is lazy; <c>PredictionEngine</c> works through
/// <see cref="GetRowToRowMapper"/>.
/// </summary>
/// <example>
/// Scoring, saving and loading (runnable: <c>samples/SaveAndLoad</c>, <c>samples/OnnxExport</c>):
/// <code>
/// IDataView scored = transformer.Transform(data);               // lazy: Score and PredictedLabel
/// mlContext.Model.SaveAtomically(model, data.Schema, "model.zip"); // Model.Save, atomic; loads back with mlContext.Model.Load
/// transformer.ExportToOnnx("model.onnx");                       // the network alone, for ONNX Runtime
/// </code>
/// </example>
public sealed partial class TwoLayerTransformer : ISingleFeaturePredictionTransformer<TwoLayerModelParameters>
{
    private readonly IHostEnvironment _environment;

    /// <summary>
    /// Wraps a model (for example one built from the seed's arrays) as a transformer, and registers
    /// the model loader on <paramref name="mlContext"/> so <c>mlContext.Model.Load</c> can read it back.
    /// </summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="model">The network.</param>
    /// <param name="featureColumnName">The input column holding the feature vector.</param>
    public TwoLayerTransformer(MLContext mlContext, TwoLayerModelParameters model, string featureColumnName = TwoLayerTrainer.Options.Defaults.FeatureColumnName)
        : this((IHostEnvironment)(mlContext ?? throw new ArgumentNullException(nameof(mlContext))), model, featureColumnName)
    {
    }

    /// <summary>Wraps a model on an ML.NET environment.</summary>
    internal TwoLayerTransformer(IHostEnvironment environment, TwoLayerModelParameters model, string featureColumnName, TrainingHistory? history = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (string.IsNullOrWhiteSpace(featureColumnName))
        {
            throw new ArgumentOutOfRangeException(nameof(featureColumnName), featureColumnName, "The feature column name must not be empty.");
        }
        // The name is saved with the model: refuse now what could not be saved and loaded back unchanged.
        if (Engine.Persistence.StrictUtf8.Problem(featureColumnName, $"The feature column name '{featureColumnName}'") is string problem)
        {
            throw new ArgumentOutOfRangeException(nameof(featureColumnName), featureColumnName, problem + " Rename the column (mlContext.Transforms.CopyColumns).");
        }
        int nameBytes = Engine.Persistence.StrictUtf8.GetByteCount(featureColumnName, "The feature column name");
        if (nameBytes > MlNet.Persistence.TransformerPayload.MaxColumnNameBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(featureColumnName), $"'{featureColumnName[..40]}...'",
                $"The feature column name takes {nameBytes} UTF-8 bytes; a saved model holds at most {MlNet.Persistence.TransformerPayload.MaxColumnNameBytes}. Rename the column (mlContext.Transforms.CopyColumns).");
        }
        ArgumentNullException.ThrowIfNull(environment);
        // Every context that builds a transformer can load it back without an extra call.
        TwoLayerModelLoader.Register(environment);
        _environment = environment;
        Model = model;
        FeatureColumnName = featureColumnName;
        FeatureColumnType = new VectorDataViewType(NumberDataViewType.Single, model.InputCount);
        History = history;
    }

    /// <summary>How training went (loss curves, best epoch, why it stopped); null for a transformer that was not trained in this process.</summary>
    public TrainingHistory? History { get; }

    /// <summary>The trained network.</summary>
    public TwoLayerModelParameters Model { get; }

    /// <summary>The input column holding the features.</summary>
    public string FeatureColumnName { get; }

    /// <summary>The feature column's type: a vector of <see cref="TwoLayerModelParameters.InputCount"/> Single values.</summary>
    public DataViewType FeatureColumnType { get; }

    /// <summary>Always true: each output row depends on its input row only.</summary>
    public bool IsRowToRowMapper => true;

    /// <summary>The input schema plus the model's output columns; checks the feature column first.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The feature column is missing, of the wrong type or of another size than in training.</exception>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => CreateMapper(inputSchema).OutputSchema;

    /// <summary>A lazy view of <paramref name="input"/> with the model's output columns; nothing is computed until a cursor reads it.</summary>
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new TransformedDataView(input, CreateMapper(input.Schema));
    }

    /// <summary>The mapper <c>PredictionEngine</c> uses to score one row at a time.</summary>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => CreateMapper(inputSchema);

    /// <summary>
    /// Saving through <c>mlContext.Model.Save</c>: the feature column name and the model in the
    /// library's own format (docs/model-format.md). Loading needs nothing but <c>mlContext.Model.Load</c>:
    /// the model names the MlNetTwoLayer.Loader assembly shipped beside the library. Only files saved
    /// before that loader existed need <see cref="TwoLayerModelLoader.Register(MLContext)"/> (docs/persistence.md).
    /// </summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => TwoLayerModelLoader.Save(ctx, this);

    private TransformerRowMapper CreateMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new TransformerRowMapper(Model, FeatureColumnName, inputSchema);
    }
}
