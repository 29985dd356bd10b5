using System.Globalization;
using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetTwoLayer.Quality;

/// <summary>The two tasks of the benchmark.</summary>
internal enum QualityTask
{
    /// <summary>Boolean label; accuracy and AUC.</summary>
    Binary,

    /// <summary>Single label; R² and RMSE.</summary>
    Regression,
}

/// <summary>One data set of sets.tsv, read into memory: rows of features and a label (1/0 for binary).</summary>
internal sealed class QualitySet
{
    private sealed class BinaryRow
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }

    private sealed class RegressionRow
    {
        public float Label { get; set; }

        public float[] Features { get; set; } = [];
    }

    private QualitySet(string name, QualityTask task, string half, List<float[]> features, List<float> labels)
    {
        Name = name;
        Task = task;
        Half = half;
        _features = features;
        _labels = labels;
    }

    private readonly List<float[]> _features;
    private readonly List<float> _labels;

    /// <summary>Name in the tables.</summary>
    public string Name { get; }

    /// <summary>Binary or regression.</summary>
    public QualityTask Task { get; }

    /// <summary>"tuning" or "confirmation": the half it was given, by name order, before any result was seen.</summary>
    public string Half { get; }

    /// <summary>Rows.</summary>
    public int Rows => _features.Count;

    /// <summary>Features.</summary>
    public int Features => _features[0].Length;

    /// <summary>Reads the catalog (sets.tsv beside the executable) and assigns the halves: per task, by name, alternately.</summary>
    public static List<(string Name, QualityTask Task, string File, bool LabelFirst, string? Positive, string Half)> Catalog(string benchmarksFolder)
    {
        var entries = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "sets.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(c => (Name: c[0], Task: c[1] == "binary" ? QualityTask.Binary : QualityTask.Regression,
                File: Path.Combine(benchmarksFolder, c[2]), LabelFirst: c[3] == "first", Positive: c.Length > 4 ? c[4] : null))
            .ToList();
        return entries.GroupBy(e => e.Task)
            .SelectMany(g => g.OrderBy(e => e.Name, StringComparer.Ordinal)
                .Select((e, i) => (e.Name, e.Task, e.File, e.LabelFirst, e.Positive, Half: i % 2 == 0 ? "tuning" : "confirmation")))
            .ToList();
    }

    /// <summary>Reads one catalog entry: a header, then numeric features and the label (first or last cell).</summary>
    public static QualitySet Load((string Name, QualityTask Task, string File, bool LabelFirst, string? Positive, string Half) entry)
    {
        using Stream file = File.OpenRead(entry.File);
        using var reader = new StreamReader(entry.File.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file);
        int width = (reader.ReadLine() ?? throw new InvalidDataException($"{entry.File} is empty.")).Split(',').Length;
        var features = new List<float[]>();
        var labels = new List<float>();
        while (reader.ReadLine() is string line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            string[] cells = line.Split(',');
            if (cells.Length != width)
            {
                throw new InvalidDataException($"{entry.File} row {features.Count + 1} has {cells.Length} cells; the header has {width}.");
            }
            string label = entry.LabelFirst ? cells[0] : cells[^1];
            labels.Add(entry.Task == QualityTask.Binary ? (label == entry.Positive ? 1f : 0f) : float.Parse(label, CultureInfo.InvariantCulture));
            features.Add(cells.Skip(entry.LabelFirst ? 1 : 0).Take(width - 1).Select(c => float.Parse(c, CultureInfo.InvariantCulture)).ToArray());
        }
        return new QualitySet(entry.Name, entry.Task, entry.Half, features, labels);
    }

    /// <summary>The rows as an <see cref="IDataView"/> with a "Label" (Boolean or Single) and a known-size "Features" vector.</summary>
    public IDataView ToDataView(MLContext ml)
    {
        int n = Features;
        if (Task == QualityTask.Binary)
        {
            var schema = SchemaDefinition.Create(typeof(BinaryRow));
            schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, n);
            return ml.Data.LoadFromEnumerable(_features.Select((f, i) => new BinaryRow { Label = _labels[i] > 0.5f, Features = f }).ToList(), schema);
        }
        var regressionSchema = SchemaDefinition.Create(typeof(RegressionRow));
        regressionSchema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, n);
        return ml.Data.LoadFromEnumerable(_features.Select((f, i) => new RegressionRow { Label = _labels[i], Features = f }).ToList(), regressionSchema);
    }
}
