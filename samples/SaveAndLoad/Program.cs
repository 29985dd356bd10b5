using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer;
using SaveAndLoad;

// Process 1 (no arguments): train an Iris pipeline, save it with mlContext.Model.SaveAtomically (ML.NET's
// Model.Save through a temporary file, flushed and renamed: never a torn zip), predict every
// row, then start this program again as process 2 with "--load model.zip" and check that its
// predictions equal ours bit for bit.
// Process 2 ("--load <model.zip>"): a fresh MLContext that builds nothing, loads the file, predicts.
string irisPath = Path.Combine(AppContext.BaseDirectory, "Data", "iris.csv");
if (args is ["--load", string modelPath])
{
    // No registration call: the model names the MlNetTwoLayer.Loader assembly, which ML.NET finds.
    var loadContext = new MLContext();
    ITransformer loaded = loadContext.Model.Load(modelPath, out DataViewSchema _);
    foreach (string line in Predictions.Lines(loadContext, loaded, irisPath))
    {
        Console.WriteLine(line);
    }
    return 0;
}

var mlContext = new MLContext(seed: 1);
IDataView iris = mlContext.Data.LoadFromTextFile<IrisRow>(irisPath, separatorChar: ',', hasHeader: true);
string[] species = File.ReadLines(irisPath).First().Split(',')[2..];
var pipeline = mlContext.Transforms.Conversion.MapValue("Species",
        species.Select((name, index) => new KeyValuePair<float, string>(index, name)), nameof(IrisRow.ClassIndex))
    .Append(mlContext.Transforms.Conversion.MapValueToKey("Label", "Species"))
    .Append(mlContext.Transforms.NormalizeMinMax("Features", nameof(IrisRow.Measurements)))
    .Append(mlContext.MulticlassClassification.Trainers.TwoLayer(new TwoLayerTrainer.Options { HiddenUnits = 16, Seed = 1 }))
    .Append(mlContext.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel"));
ITransformer model = pipeline.Fit(iris);

string savedPath = Path.Combine(AppContext.BaseDirectory, "model.zip");
mlContext.Model.SaveAtomically(model, iris.Schema, savedPath);
Console.WriteLine($"Process 1 (pid {Environment.ProcessId}): trained on {species.Length} species, saved {Path.GetFileName(savedPath)} ({new FileInfo(savedPath).Length} bytes)");
string[] ours = Predictions.Lines(mlContext, model, irisPath).ToArray();
PrintFirst(ours);

// Start ourselves again. Under the apphost ProcessPath is this program; under "dotnet X.dll" it is
// the dotnet host, which then needs the entry assembly's path first.
var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
{
    start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
}
start.ArgumentList.Add("--load");
start.ArgumentList.Add(savedPath);
using Process child = Process.Start(start)!;
Task<string> errors = child.StandardError.ReadToEndAsync();
string[] theirs = child.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
child.WaitForExit();
if (child.ExitCode != 0)
{
    Console.Error.WriteLine($"Process 2 failed with exit code {child.ExitCode}:{Environment.NewLine}{await errors}");
    return 1;
}

Console.WriteLine();
Console.WriteLine($"Process 2 (pid {child.Id}): loaded {Path.GetFileName(savedPath)} in a fresh MLContext and predicted");
PrintFirst(theirs);
Console.WriteLine();
int same = ours.Zip(theirs, (a, b) => a == b ? 1 : 0).Sum();
bool equal = same == ours.Length && theirs.Length == ours.Length;
Console.WriteLine(equal
    ? $"All {ours.Length} predictions of process 2 equal process 1's: same species, same Score bits."
    : $"MISMATCH: only {same} of {ours.Length} predictions equal ({theirs.Length} lines from process 2).");
return equal ? 0 : 1;

static void PrintFirst(string[] lines)
{
    Console.WriteLine("  row  species     Score (p per species)");
    foreach (string line in lines.Where((_, i) => i % 50 == 0))
    {
        Console.WriteLine($"  {line}");
    }
}

namespace SaveAndLoad
{
    /// <summary>One row of iris.csv.</summary>
    public sealed class IrisRow
    {
        [LoadColumn(0, 3), VectorType(4)]
        public float[] Measurements { get; set; } = [];

        [LoadColumn(4)]
        public float ClassIndex { get; set; }
    }

    /// <summary>What the pipeline adds to a row.</summary>
    public sealed class IrisPrediction
    {
        public string PredictedSpecies { get; set; } = "";

        public float[] Score { get; set; } = [];
    }

    /// <summary>Both processes print predictions the same way, so equal text means equal predictions.</summary>
    public static class Predictions
    {
        /// <summary>One line per row of iris.csv: row, species, then the scores ("R" format round-trips every float bit).</summary>
        public static IEnumerable<string> Lines(MLContext mlContext, ITransformer model, string irisPath)
        {
            IDataView rows = mlContext.Data.LoadFromTextFile<IrisRow>(irisPath, separatorChar: ',', hasHeader: true);
            var predictions = mlContext.Data.CreateEnumerable<IrisPrediction>(model.Transform(rows), reuseRowObject: false);
            return predictions.Select((p, row) => string.Create(CultureInfo.InvariantCulture,
                $"{row,3}  {p.PredictedSpecies,-10}  {string.Join(" ", p.Score.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}"));
        }
    }
}
