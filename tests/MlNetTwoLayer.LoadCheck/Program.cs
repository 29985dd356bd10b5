using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer;

// Usage: MlNetTwoLayer.LoadCheck <model.zip> <x1,x2,...;x1,x2,...> [--register] [--scalar]
// Loads an Iris-shaped pipeline (input "Measurements", output "Score" and "PredictedSpecies") in a
// fresh MLContext and prints, per row, the species and the Score bits from PredictionEngine and from
// Transform, so the parent process can compare them exactly.
// By default it calls nothing but mlContext.Model.Load, as any load-only app would; --register first
// calls TwoLayerModelLoader.Register, which only files saved before the loader assembly need.
// --single: the pipeline's Species is a Single (mapped by MapValueToKey); prints, per row, the
// PredictedSpecies value as a Single, then the PredictedLabel key values read as Single (issue 14).
// --scalar loads a binary or regression pipeline instead (input "Measurements", output a Single
// "Score") and prints the Score bits from PredictionEngine and from Transform.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: MlNetTwoLayer.LoadCheck <model.zip> <x1,x2,...;...> [--register]");
    return 2;
}
float[][] rows = args[1].Split(';').Select(r => r.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
var ml = new MLContext(seed: 123);
if (args.Contains("--register"))
{
    TwoLayerModelLoader.Register(ml);
}
ITransformer model = ml.Model.Load(args[0], out _);

int width = rows[0].Length;
var definition = SchemaDefinition.Create(typeof(Row));
definition[nameof(Row.Measurements)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
if (args.Contains("--single"))
{
    var singleDefinition = SchemaDefinition.Create(typeof(SingleRow));
    singleDefinition[nameof(SingleRow.Measurements)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
    var singleEngine = ml.Model.CreatePredictionEngine<SingleRow, SingleOutput>(model, inputSchemaDefinition: singleDefinition);
    VBuffer<float> keyValues = default;
    singleEngine.OutputSchema["PredictedLabel"].GetKeyValues(ref keyValues);
    foreach (float[] r in rows)
    {
        Console.WriteLine(singleEngine.Predict(new SingleRow { Measurements = r }).PredictedSpecies.ToString("R", CultureInfo.InvariantCulture));
    }
    Console.WriteLine(string.Join(",", keyValues.DenseValues().Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
    return 0;
}
var inputs = rows.Select(r => new Row { Measurements = r }).ToArray();
if (args.Contains("--scalar"))
{
    var scalarEngine = ml.Model.CreatePredictionEngine<Row, ScalarOutput>(model, inputSchemaDefinition: definition);
    float[] scores = model.Transform(ml.Data.LoadFromEnumerable(inputs, definition)).GetColumn<float>("Score").ToArray();
    for (int i = 0; i < inputs.Length; i++)
    {
        Console.WriteLine($"{Bits([scalarEngine.Predict(inputs[i]).Score])} {Bits([scores[i]])}");
    }
    return 0;
}
var engine = ml.Model.CreatePredictionEngine<Row, Output>(model, inputSchemaDefinition: definition);
float[][] transformed = model.Transform(ml.Data.LoadFromEnumerable(inputs, definition)).GetColumn<float[]>("Score").ToArray();
for (int i = 0; i < inputs.Length; i++)
{
    Output output = engine.Predict(inputs[i]);
    Console.WriteLine($"{output.PredictedSpecies} {Bits(output.Score)} {Bits(transformed[i])}");
}
return 0;

static string Bits(float[] values) => string.Join(",", values.Select(v => BitConverter.SingleToInt32Bits(v).ToString("X8", CultureInfo.InvariantCulture)));

/// <summary>One input row.</summary>
internal sealed class Row
{
    /// <summary>The raw features.</summary>
    public float[] Measurements { get; set; } = [];

    /// <summary>Unused by scoring; present because the saved pipeline's input schema has it.</summary>
    public string Species { get; set; } = "";
}

/// <summary>What the pipeline adds.</summary>
internal sealed class Output
{
    /// <summary>Class probabilities.</summary>
    public float[] Score { get; set; } = [];

    /// <summary>The most probable class name.</summary>
    public string PredictedSpecies { get; set; } = "";
}

/// <summary>One input row of a pipeline whose label is a Single.</summary>
internal sealed class SingleRow
{
    /// <summary>The raw features.</summary>
    public float[] Measurements { get; set; } = [];

    /// <summary>Unused by scoring; present because the saved pipeline's input schema has it.</summary>
    public float Species { get; set; }
}

/// <summary>What a Single-label pipeline adds: the predicted value binds to a Single, as after ML.NET's own trainers.</summary>
internal sealed class SingleOutput
{
    /// <summary>The most probable class's value.</summary>
    public float PredictedSpecies { get; set; }
}

/// <summary>What a binary or regression pipeline adds (only the score is compared).</summary>
internal sealed class ScalarOutput
{
    /// <summary>The margin (binary) or the prediction (regression).</summary>
    public float Score { get; set; }
}
