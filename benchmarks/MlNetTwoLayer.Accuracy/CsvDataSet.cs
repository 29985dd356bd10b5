using System.Globalization;
using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetTwoLayer.Accuracy;

/// <summary>A vendored data set read into an <see cref="IDataView"/> with a text "Label" and a "Features" vector.</summary>
internal sealed class CsvDataSet
{
    private sealed class Row
    {
        public string Label { get; set; } = "";

        public float[] Features { get; set; } = [];
    }

    private CsvDataSet(string name, List<Row> rows, int features, int classes)
    {
        Name = name;
        _rows = rows;
        Features = features;
        Classes = classes;
    }

    private readonly List<Row> _rows;

    /// <summary>File stem.</summary>
    public string Name { get; }

    /// <summary>Rows.</summary>
    public int Rows => _rows.Count;

    /// <summary>Feature count (after the export's one-hot encoding).</summary>
    public int Features { get; }

    /// <summary>Distinct labels.</summary>
    public int Classes { get; }

    /// <summary>Share of the most frequent class.</summary>
    public double MajorityShare => _rows.GroupBy(r => r.Label).Max(g => g.Count()) / (double)_rows.Count;

    /// <summary>Reads Data/&lt;name&gt;.csv.gz beside the executable: a header, then label,feature,feature,….</summary>
    public static CsvDataSet Load(string dataDirectory, string name)
    {
        string path = Path.Combine(dataDirectory, name + ".csv.gz");
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        string header = reader.ReadLine() ?? throw new InvalidDataException($"{path} is empty.");
        int features = header.Split(',').Length - 1;
        var rows = new List<Row>();
        while (reader.ReadLine() is string line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            string[] cells = line.Split(',');
            if (cells.Length != features + 1)
            {
                throw new InvalidDataException($"{path} row {rows.Count + 1} has {cells.Length} cells; the header has {features + 1}.");
            }
            var values = new float[features];
            for (int i = 0; i < features; i++)
            {
                values[i] = float.Parse(cells[i + 1], CultureInfo.InvariantCulture);
            }
            rows.Add(new Row { Label = cells[0], Features = values });
        }
        return new CsvDataSet(name, rows, features, rows.Select(r => r.Label).Distinct().Count());
    }

    /// <summary>The rows with "Label" already a key (the mapping is the same for every fold).</summary>
    public IDataView ToDataView(MLContext ml)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Features);
        IDataView raw = ml.Data.LoadFromEnumerable(_rows, schema);
        return ml.Transforms.Conversion.MapValueToKey("Label").Fit(raw).Transform(raw);
    }
}
