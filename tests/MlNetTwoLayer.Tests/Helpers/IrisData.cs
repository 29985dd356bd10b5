using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetTwoLayer.Tests.Helpers;

/// <summary>UCI Iris (150 x 4, 3 classes), the copy vendored under samples/Quickstart/Data.</summary>
public static class IrisData
{
    public sealed class Flower
    {
        [VectorType(4)]
        public float[] Measurements { get; set; } = [];

        public string Species { get; set; } = "";
    }

    public static List<Flower> Rows()
    {
        string[] lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "iris.csv"));
        string[] names = lines[0].Split(',').Skip(2).ToArray();
        return lines.Skip(1).Where(l => l.Length > 0).Select(l =>
        {
            string[] parts = l.Split(',');
            return new Flower
            {
                Measurements = parts.Take(4).Select(p => float.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
                Species = names[int.Parse(parts[4], System.Globalization.CultureInfo.InvariantCulture)],
            };
        }).ToList();
    }

    public static IDataView Load(MLContext ml) => ml.Data.LoadFromEnumerable(Rows());

    /// <summary>Species to a key "Label", measurements min-max normalised into "Features".</summary>
    public static IEstimator<ITransformer> Featurize(MLContext ml)
        => ml.Transforms.Conversion.MapValueToKey("Label", nameof(Flower.Species))
            .Append(ml.Transforms.NormalizeMinMax("Features", nameof(Flower.Measurements)));
}
