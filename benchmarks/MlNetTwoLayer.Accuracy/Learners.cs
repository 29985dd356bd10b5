using System.Globalization;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.LightGbm;

namespace MlNetTwoLayer.Accuracy;

/// <summary>How our trainer's features reach it.</summary>
internal enum Normaliser
{
    /// <summary><c>NormalizeMeanVariance</c> with ML.NET's defaults (<c>fixZero: true</c>: scales, does not centre).</summary>
    MeanVariance,

    /// <summary><c>NormalizeMinMax</c> with its defaults.</summary>
    MinMax,

    /// <summary>The raw features.</summary>
    None,
}

/// <summary>A learner of the suite: a name, whether it is ours (run with every seed) and how to build its pipeline.</summary>
/// <param name="Name">Column name in the tables.</param>
/// <param name="Ours">Run with every seed (the ML.NET peers run with the first seed only).</param>
/// <param name="Build">The estimator behind the label/feature columns.</param>
internal sealed record Learner(string Name, bool Ours, Func<MLContext, IEstimator<ITransformer>> Build)
{
    /// <summary>Our trainer with its defaults (plus <paramref name="overrides"/>) behind <paramref name="normaliser"/>.</summary>
    public static Learner TwoLayer(Normaliser normaliser, IReadOnlyDictionary<string, string> overrides, string suffix) =>
        new($"TwoLayer ({normaliser}){suffix}", true, ml =>
        {
            var options = new TwoLayerTrainer.Options();
            Apply(options, overrides);
            IEstimator<ITransformer> trainer = ml.MulticlassClassification.Trainers.TwoLayer(options);
            return normaliser switch
            {
                Normaliser.MeanVariance => ml.Transforms.NormalizeMeanVariance("Features").Append(trainer),
                Normaliser.MinMax => ml.Transforms.NormalizeMinMax("Features").Append(trainer),
                _ => trainer,
            };
        });

    /// <summary>The ML.NET built-ins, each with its defaults (the linear ones behind the default mean-variance normaliser).</summary>
    public static IEnumerable<Learner> MlNetPeers()
    {
        yield return new("LbfgsMaximumEntropy", false, ml => ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy()));
        // One thread: SDCA's default lock-free multi-threading spins on this shared 2-core machine
        // (44 s per fold on a 333-row set); the model is the same kind, only deterministic.
        yield return new("SdcaMaximumEntropy", false, ml => ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options { NumberOfThreads = 1 })));
        yield return new("LightGbm", false, ml => ml.MulticlassClassification.Trainers.LightGbm());
    }

    /// <summary>Sets public option properties by name (the benchmark's <c>--set Name=Value</c>), so a candidate default is tried without a rebuild.</summary>
    private static void Apply(TwoLayerTrainer.Options options, IReadOnlyDictionary<string, string> overrides)
    {
        foreach ((string name, string text) in overrides)
        {
            PropertyInfo property = typeof(TwoLayerTrainer.Options).GetProperty(name)
                ?? throw new ArgumentException($"--set {name}: TwoLayerTrainer.Options has no such property.");
            Type type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            object value = type.IsEnum ? Enum.Parse(type, text, ignoreCase: true) : Convert.ChangeType(text, type, CultureInfo.InvariantCulture);
            property.SetValue(options, value);
        }
    }
}
