using System.Globalization;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace MlNetTwoLayer.Quality;

/// <summary>A learner of the benchmark: its table name, whether it is ours (run with every seed) and its pipeline.</summary>
/// <param name="Name">Column name in the tables.</param>
/// <param name="Ours">Ours run with every seed; the ML.NET peers with the first seed only.</param>
/// <param name="Build">The whole pipeline (normaliser and trainer).</param>
internal sealed record QualityLearner(string Name, bool Ours, Func<MLContext, IEstimator<ITransformer>> Build)
{
    /// <summary>Our trainer for <paramref name="task"/> with its defaults plus <paramref name="overrides"/>, behind the default NormalizeMeanVariance.</summary>
    public static QualityLearner TwoLayer(QualityTask task, IReadOnlyDictionary<string, string> overrides, string suffix) =>
        new("TwoLayer" + suffix, true, ml => ml.Transforms.NormalizeMeanVariance("Features").Append(task == QualityTask.Binary
            ? (IEstimator<ITransformer>)ml.BinaryClassification.Trainers.TwoLayer(Apply(new TwoLayerBinaryTrainer.Options(), overrides))
            : ml.Regression.Trainers.TwoLayer(Apply(new TwoLayerRegressionTrainer.Options(), overrides))));

    /// <summary>ML.NET's built-ins the issue names, each with its defaults, behind the same normaliser.</summary>
    public static IEnumerable<QualityLearner> MlNetPeers(QualityTask task)
    {
        static Func<MLContext, IEstimator<ITransformer>> Behind(Func<MLContext, IEstimator<ITransformer>> trainer) =>
            ml => ml.Transforms.NormalizeMeanVariance("Features").Append(trainer(ml));
        if (task == QualityTask.Binary)
        {
            yield return new("LbfgsLogisticRegression", false, Behind(ml => ml.BinaryClassification.Trainers.LbfgsLogisticRegression()));
            // One thread: SDCA's default lock-free threads spin on this shared machine (the accuracy suite's finding); same model kind.
            yield return new("SdcaLogisticRegression", false, Behind(ml => ml.BinaryClassification.Trainers.SdcaLogisticRegression(
                new SdcaLogisticRegressionBinaryTrainer.Options { NumberOfThreads = 1 })));
            yield return new("FastTree", false, Behind(ml => ml.BinaryClassification.Trainers.FastTree()));
            yield return new("LightGbm", false, Behind(ml => ml.BinaryClassification.Trainers.LightGbm()));
        }
        else
        {
            yield return new("Sdca", false, Behind(ml => ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = 1 })));
            yield return new("LbfgsPoissonRegression", false, Behind(ml => ml.Regression.Trainers.LbfgsPoissonRegression()));
            yield return new("FastTree", false, Behind(ml => ml.Regression.Trainers.FastTree()));
            yield return new("LightGbm", false, Behind(ml => ml.Regression.Trainers.LightGbm()));
        }
    }

    /// <summary>Sets public option properties by name (<c>--set Name=Value</c>), so a candidate default is tried without a rebuild.</summary>
    private static T Apply<T>(T options, IReadOnlyDictionary<string, string> overrides)
        where T : TwoLayerOptionsBase
    {
        foreach ((string name, string text) in overrides)
        {
            PropertyInfo property = typeof(T).GetProperty(name)
                ?? throw new ArgumentException($"--set {name}: {typeof(T).Name} has no such property.");
            Type type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            object value = type.IsEnum ? Enum.Parse(type, text, ignoreCase: true) : Convert.ChangeType(text, type, CultureInfo.InvariantCulture);
            property.SetValue(options, value);
        }
        return options;
    }
}
