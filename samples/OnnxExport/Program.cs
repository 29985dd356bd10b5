using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using MlNetTwoLayer;
using OnnxExport;

// Train on Iris (seeded), export the network to ONNX, and score the same rows with ONNX Runtime.
var mlContext = new MLContext(seed: 0);
string irisPath = Path.Combine(AppContext.BaseDirectory, "Data", "iris.csv");
string[] species = File.ReadLines(irisPath).First().Split(',')[2..];
IDataView iris = mlContext.Data.LoadFromTextFile<IrisRow>(irisPath, separatorChar: ',', hasHeader: true);

// Featurisation stays in ML.NET: the ONNX file holds the network only, so whoever scores it must
// feed the same normalised features.
var featurize = mlContext.Transforms.Conversion.MapValue("Species",
        species.Select((name, index) => new KeyValuePair<float, string>(index, name)), nameof(IrisRow.ClassIndex))
    .Append(mlContext.Transforms.Conversion.MapValueToKey("Label", "Species"))
    .Append(mlContext.Transforms.NormalizeMinMax("Features", nameof(IrisRow.Measurements)));
IDataView features = featurize.Fit(iris).Transform(iris);
TwoLayerTransformer trained = mlContext.MulticlassClassification.Trainers
    .TwoLayer(new TwoLayerTrainer.Options { Seed = 1 })
    .Fit(features);
TwoLayerModelParameters model = trained.Model;

string onnxPath = Path.Combine(AppContext.BaseDirectory, "model.onnx");
model.ExportToOnnx(onnxPath);
Console.WriteLine($"Exported {model.InputCount} inputs -> {model.HiddenCount} {model.Activation} units -> {model.ClassCount} classes " +
    $"to {Path.GetFileName(onnxPath)} ({new FileInfo(onnxPath).Length} bytes)");

float[][] rows = mlContext.Data.CreateEnumerable<FeatureRow>(features, reuseRowObject: false).Select(r => r.Features).ToArray();
int classes = model.ClassCount;

// Ours, row by row.
var ours = new float[rows.Length * classes];
for (int i = 0; i < rows.Length; i++)
{
    model.Score(rows[i], ours.AsSpan(i * classes, classes));
}

// ONNX Runtime, all 150 rows as one [150, 4] batch.
using var session = new InferenceSession(onnxPath);
using var input = OrtValue.CreateTensorValueFromMemory(rows.SelectMany(r => r).ToArray(), [rows.Length, model.InputCount]);
using var runOptions = new RunOptions();
using var outputs = session.Run(runOptions, ["features"], [input], ["probabilities", "predicted_class"]);
float[] onnx = outputs[0].GetTensorDataAsSpan<float>().ToArray();
long[] predicted = outputs[1].GetTensorDataAsSpan<long>().ToArray();
string[] classNames = System.Text.Json.JsonSerializer.Deserialize<string[]>(session.ModelMetadata.CustomMetadataMap["class_names"])!;

Console.WriteLine($"Producer: {session.ModelMetadata.ProducerName}; class_names: {string.Join(", ", classNames)}");
Console.WriteLine();
Console.WriteLine($"row  {"ours (p per class)",-26}  {"onnxruntime (p per class)",-26}  predicted_class");
foreach (int row in new[] { 0, 50, 100, 149 })
{
    string Format(float[] p) => string.Join(" ", p.AsSpan(row * classes, classes).ToArray().Select(v => v.ToString("0.000000")));
    Console.WriteLine($"{row,3}  {Format(ours)}  {Format(onnx)}  {predicted[row]} ({classNames[predicted[row]]})");
}

double maxDifference = ours.Zip(onnx, (a, b) => Math.Abs(a - b)).Max();
Console.WriteLine();
Console.WriteLine($"Max |ours - onnxruntime| over {rows.Length} rows x {classes} classes: {maxDifference:E2}");

namespace OnnxExport
{
    /// <summary>One row of iris.csv.</summary>
    public sealed class IrisRow
    {
        [LoadColumn(0, 3), VectorType(4)]
        public float[] Measurements { get; set; } = [];

        [LoadColumn(4)]
        public float ClassIndex { get; set; }
    }

    /// <summary>The normalised features the network (and so the ONNX file) takes.</summary>
    public sealed class FeatureRow
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];
    }
}
