using Microsoft.ML;
using MlNetTwoLayer.MlNet.Interop;

namespace MlNetTwoLayer;

/// <summary>
/// <c>mlContext.MulticlassClassification.Trainers.TwoLayer(...)</c>,
/// <c>mlContext.BinaryClassification.Trainers.TwoLayer(...)</c> and
/// <c>mlContext.Regression.Trainers.TwoLayer(...)</c>, each in the two overloads ML.NET's trainers
/// have: column names with the main hyper-parameters, or full options.
/// </summary>
/// <example>
/// <code>
/// var trainer = mlContext.MulticlassClassification.Trainers.TwoLayer(hiddenUnits: 100, numberOfEpochs: 200);
/// </code>
/// Runnable: <c>dotnet run --project samples/Quickstart</c>.
/// </example>
public static class TwoLayerCatalogExtensions
{
    /// <summary>
    /// Creates a <see cref="TwoLayerTrainer"/> from column names and the main hyper-parameters, in
    /// ML.NET's order: label, features, example weight, then hyper-parameters (as
    /// <c>LbfgsMaximumEntropy(labelColumnName, featureColumnName, exampleWeightColumnName, ...)</c>).
    /// </summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="labelColumnName">The label column: a key or a Single of class indices.</param>
    /// <param name="featureColumnName">The feature column: a known-size vector of Single.</param>
    /// <param name="exampleWeightColumnName">An optional Single column weighting each row.</param>
    /// <param name="hiddenUnits">Units in the hidden layer.</param>
    /// <param name="numberOfEpochs">Passes over the data.</param>
    /// <param name="learningRate">The optimiser's step size.</param>
    /// <param name="batchSize">Rows per step; 0 = full batch.</param>
    public static TwoLayerTrainer TwoLayer(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = TwoLayerTrainer.Options.Defaults.LabelColumnName,
        string featureColumnName = TwoLayerTrainer.Options.Defaults.FeatureColumnName,
        string? exampleWeightColumnName = null,
        int hiddenUnits = TwoLayerTrainer.Options.Defaults.HiddenUnits,
        int numberOfEpochs = TwoLayerTrainer.Options.Defaults.NumberOfEpochs,
        float learningRate = TwoLayerTrainer.Options.Defaults.LearningRate,
        int batchSize = TwoLayerTrainer.Options.Defaults.BatchSize)
        => catalog.TwoLayer(WithMainParameters(new TwoLayerTrainer.Options(), labelColumnName, featureColumnName, exampleWeightColumnName,
            hiddenUnits, numberOfEpochs, learningRate, batchSize));

    /// <summary>Creates a <see cref="TwoLayerTrainer"/> from full options.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="options">The trainer's options; copied.</param>
    public static TwoLayerTrainer TwoLayer(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog, TwoLayerTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TwoLayerTrainer(MlNetInternals.GetEnvironment(catalog), options);
    }

    /// <summary>Creates a <see cref="TwoLayerBinaryTrainer"/> from column names and the main hyper-parameters.</summary>
    /// <param name="catalog">The binary classification trainers catalog.</param>
    /// <param name="labelColumnName">The label column: a Boolean.</param>
    /// <param name="featureColumnName">The feature column: a known-size vector of Single.</param>
    /// <param name="exampleWeightColumnName">An optional Single column weighting each row.</param>
    /// <param name="hiddenUnits">Units in the hidden layer.</param>
    /// <param name="numberOfEpochs">Passes over the data.</param>
    /// <param name="learningRate">The optimiser's step size.</param>
    /// <param name="batchSize">Rows per step; 0 = full batch.</param>
    public static TwoLayerBinaryTrainer TwoLayer(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        string labelColumnName = TwoLayerOptionsBase.Defaults.LabelColumnName,
        string featureColumnName = TwoLayerOptionsBase.Defaults.FeatureColumnName,
        string? exampleWeightColumnName = null,
        int hiddenUnits = TwoLayerOptionsBase.Defaults.HiddenUnits,
        int numberOfEpochs = TwoLayerOptionsBase.Defaults.NumberOfEpochs,
        float learningRate = TwoLayerOptionsBase.Defaults.SingleOutputLearningRate,
        int batchSize = TwoLayerOptionsBase.Defaults.BatchSize)
        => catalog.TwoLayer(WithMainParameters(new TwoLayerBinaryTrainer.Options(), labelColumnName, featureColumnName, exampleWeightColumnName,
            hiddenUnits, numberOfEpochs, learningRate, batchSize));

    /// <summary>Creates a <see cref="TwoLayerBinaryTrainer"/> from full options.</summary>
    /// <param name="catalog">The binary classification trainers catalog.</param>
    /// <param name="options">The trainer's options; copied.</param>
    public static TwoLayerBinaryTrainer TwoLayer(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, TwoLayerBinaryTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TwoLayerBinaryTrainer(MlNetInternals.GetEnvironment(catalog), options);
    }

    /// <summary>Creates a <see cref="TwoLayerRegressionTrainer"/> from column names and the main hyper-parameters.</summary>
    /// <param name="catalog">The regression trainers catalog.</param>
    /// <param name="labelColumnName">The label column: a Single.</param>
    /// <param name="featureColumnName">The feature column: a known-size vector of Single.</param>
    /// <param name="exampleWeightColumnName">An optional Single column weighting each row.</param>
    /// <param name="hiddenUnits">Units in the hidden layer.</param>
    /// <param name="numberOfEpochs">Passes over the data.</param>
    /// <param name="learningRate">The optimiser's step size.</param>
    /// <param name="batchSize">Rows per step; 0 = full batch.</param>
    public static TwoLayerRegressionTrainer TwoLayer(this RegressionCatalog.RegressionTrainers catalog,
        string labelColumnName = TwoLayerOptionsBase.Defaults.LabelColumnName,
        string featureColumnName = TwoLayerOptionsBase.Defaults.FeatureColumnName,
        string? exampleWeightColumnName = null,
        int hiddenUnits = TwoLayerOptionsBase.Defaults.HiddenUnits,
        int numberOfEpochs = TwoLayerOptionsBase.Defaults.NumberOfEpochs,
        float learningRate = TwoLayerOptionsBase.Defaults.SingleOutputLearningRate,
        int batchSize = TwoLayerOptionsBase.Defaults.BatchSize)
        => catalog.TwoLayer(WithMainParameters(new TwoLayerRegressionTrainer.Options(), labelColumnName, featureColumnName, exampleWeightColumnName,
            hiddenUnits, numberOfEpochs, learningRate, batchSize));

    /// <summary>Creates a <see cref="TwoLayerRegressionTrainer"/> from full options.</summary>
    /// <param name="catalog">The regression trainers catalog.</param>
    /// <param name="options">The trainer's options; copied.</param>
    public static TwoLayerRegressionTrainer TwoLayer(this RegressionCatalog.RegressionTrainers catalog, TwoLayerRegressionTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TwoLayerRegressionTrainer(MlNetInternals.GetEnvironment(catalog), options);
    }

    /// <summary>Sets the catalog overloads' shared parameters on <paramref name="options"/>: one place for all three tasks.</summary>
    private static TOptions WithMainParameters<TOptions>(TOptions options, string labelColumnName, string featureColumnName, string? exampleWeightColumnName,
        int hiddenUnits, int numberOfEpochs, float learningRate, int batchSize)
        where TOptions : TwoLayerOptionsBase
    {
        options.LabelColumnName = labelColumnName;
        options.FeatureColumnName = featureColumnName;
        options.ExampleWeightColumnName = exampleWeightColumnName;
        options.HiddenUnits = hiddenUnits;
        options.NumberOfEpochs = numberOfEpochs;
        options.LearningRate = learningRate;
        options.BatchSize = batchSize;
        return options;
    }
}
