using System.Text.Json;

namespace MlNetTwoLayer.Tests.Helpers;

/// <summary>
/// tests/MlNetTwoLayer.Tests/Fixtures/seed_reference.json: the seed notebook's algorithm run in
/// float64 numpy (20 points, 2 features, 3 classes, 5 hidden units, lr 0.01, 10000 epochs).
/// </summary>
public sealed class SeedFixture
{
    public required double[][] X { get; init; }
    public required int[] Y { get; init; }
    public required int Hidden { get; init; }
    public required double LearningRate { get; init; }
    public required int Epochs { get; init; }
    public required double[][] W1 { get; init; }
    public required double[] B1 { get; init; }
    public required double[][] W2 { get; init; }
    public required double[] B2 { get; init; }
    public required double[] LossEvery1000 { get; init; }
    public required double FinalLoss { get; init; }
    public required double[][] FinalProba { get; init; }

    public static SeedFixture Load()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "seed_reference.json")));
        JsonElement r = doc.RootElement;
        JsonElement init = r.GetProperty("init");
        return new SeedFixture
        {
            X = Matrix(r.GetProperty("x")),
            Y = r.GetProperty("y").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            Hidden = r.GetProperty("hidden").GetInt32(),
            LearningRate = r.GetProperty("learning_rate").GetDouble(),
            Epochs = r.GetProperty("epochs").GetInt32(),
            W1 = Matrix(init.GetProperty("W1")),
            B1 = Flatten(init.GetProperty("b1")),
            W2 = Matrix(init.GetProperty("W2")),
            B2 = Flatten(init.GetProperty("b2")),
            LossEvery1000 = Vector(r.GetProperty("loss_every_1000")),
            FinalLoss = r.GetProperty("final_loss").GetDouble(),
            FinalProba = Matrix(r.GetProperty("final_proba")),
        };
    }

    private static double[] Vector(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static double[][] Matrix(JsonElement e) => e.EnumerateArray().Select(Vector).ToArray();

    private static double[] Flatten(JsonElement e) => e.ValueKind == JsonValueKind.Array && e.EnumerateArray().Any(v => v.ValueKind == JsonValueKind.Array)
        ? e.EnumerateArray().SelectMany(Vector).ToArray()
        : Vector(e);
}
