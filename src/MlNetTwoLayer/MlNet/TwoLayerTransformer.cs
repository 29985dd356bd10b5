using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MlNetTwoLayer.MlNet.DataViews;
using MlNetTwoLayer.MlNet.Interop;

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
/// <remarks>
/// Transformers made by <see cref="TwoLayerTrainer"/>, by <c>mlContext.Model.Load</c> or by
/// <see cref="Create(MLContext, TwoLayerModelParameters, string)"/> are of a subclass generated at run time (<c>MlNetInternals</c>) that also
/// implements ML.NET's internal non-generic <c>ISingleFeaturePredictionTransformer</c>, which the
/// whole-model <c>PermutationFeatureImportance(ITransformer, ...)</c> overload looks for; one made
/// with the constructor works everywhere else. That subclass is the only reason this class is not sealed.
/// </remarks>
public partial class TwoLayerTransformer : ISingleFeaturePredictionTransformer<TwoLayerModelParameters>, IDisposable
{
    private readonly IHostEnvironment _environment;
    private bool _disposed;

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
    internal TwoLayerTransformer(IHostEnvironment environment, TwoLayerModelParameters model, string featureColumnName)
        : this(environment, model, featureColumnName, labelColumnName: null, trainingSchema: null, history: null)
    {
    }

    /// <summary>Wraps a model on an ML.NET environment, with what is known of its training; the generated subclass calls this.</summary>
    internal TwoLayerTransformer(IHostEnvironment environment, TwoLayerModelParameters model, string featureColumnName,
        string? labelColumnName, DataViewSchema? trainingSchema, TrainingHistory? history)
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
        LabelColumnName = labelColumnName;
        TrainingSchema = trainingSchema;
        History = history;
    }

    /// <summary>
    /// Wraps a model (for example one built from the seed's arrays) as a transformer that takes part
    /// in everything ML.NET's own prediction transformers do, whole-model permutation feature
    /// importance included; registers the model loader on <paramref name="mlContext"/>.
    /// </summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="model">The network.</param>
    /// <param name="featureColumnName">The input column holding the feature vector.</param>
    /// <exception cref="InvalidOperationException">The installed Microsoft.ML is outside the supported version range.</exception>
    public static TwoLayerTransformer Create(MLContext mlContext, TwoLayerModelParameters model, string featureColumnName = TwoLayerTrainer.Options.Defaults.FeatureColumnName)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return Create(mlContext, model, featureColumnName, labelColumnName: null, trainingSchema: null, history: null);
    }

    /// <summary>The generated subclass's instance (see the remarks on this class).</summary>
    internal static TwoLayerTransformer Create(IHostEnvironment environment, TwoLayerModelParameters model, string featureColumnName,
        string? labelColumnName, DataViewSchema? trainingSchema, TrainingHistory? history)
        => MlNetInternals.CreatePredictionTransformer(environment, model, featureColumnName, labelColumnName, trainingSchema, history);

    /// <summary>
    /// The label column the model was trained on, as <c>MulticlassPredictionTransformer.LabelColumnName</c>
    /// gives; kept through <c>Model.Save</c>/<c>Load</c>. Null for a transformer built from a model directly.
    /// </summary>
    public string? LabelColumnName { get; }

    /// <summary>
    /// The schema of the data the model was trained on, as <c>MulticlassPredictionTransformer.TrainingSchema</c>
    /// gives. After <c>Model.Load</c> it holds the two columns the model knows (the feature vector and
    /// the label key with its typed key values), not every column of the original data; null for a
    /// transformer built from a model directly.
    /// </summary>
    public DataViewSchema? TrainingSchema { get; }

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
        return MlNetInternals.CreateTransformedDataView(input, CreateMapper(input.Schema));
    }

    /// <summary>
    /// Ends the transformer's life, as disposing ML.NET's prediction transformers (and a
    /// <c>TransformerChain</c> holding them) does: afterwards every method that scores throws
    /// <see cref="ObjectDisposedException"/>. It holds no unmanaged resources, so not disposing it leaks nothing.
    /// </summary>
    public void Dispose()
    {
        _disposed = true;
        GC.SuppressFinalize(this);
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
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new TransformerRowMapper(Model, FeatureColumnName, inputSchema);
    }
}
