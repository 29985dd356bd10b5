using System.Globalization;
using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetTwoLayer.Tests.Helpers;

/// <summary>UCI optical digits (1797 x 64, 10 classes), vendored in Fixtures/digits.csv.gz.</summary>
public static class DigitsData
{
    public sealed class Digit
    {
        [VectorType(64)]
        public float[] Pixels { get; set; } = [];

        public float Label { get; set; }
    }

    public static List<Digit> Rows()
    {
        using var stream = new GZipStream(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", "digits.csv.gz")), CompressionMode.Decompress);
        using var reader = new StreamReader(stream);
        var rows = new List<Digit>();
        while (reader.ReadLine() is string line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            float[] values = line.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            rows.Add(new Digit { Pixels = values[..64], Label = values[64] });
        }
        return rows;
    }

    /// <summary>Class index to a key "Label", pixels min-max normalised into "Features".</summary>
    public static IDataView LoadFeaturized(MLContext ml)
    {
        IDataView raw = ml.Data.LoadFromEnumerable(Rows());
        var featurize = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.NormalizeMinMax("Features", nameof(Digit.Pixels)));
        return featurize.Fit(raw).Transform(raw);
    }
}
