using System.Text.Json;
using System.Text.Json.Serialization;

namespace MlNetTwoLayer.Accuracy;

/// <summary>
/// One cross-validation: a learner on a data set with one seed. The Python peer script writes the
/// same fields, one JSON object per line, so both sides meet in one report.
/// </summary>
internal sealed record ResultRecord
{
    /// <summary>Data set name.</summary>
    [JsonPropertyName("set")]
    public required string Set { get; init; }

    /// <summary>Learner name.</summary>
    [JsonPropertyName("learner")]
    public required string Learner { get; init; }

    /// <summary>Seed (MLContext seed, or the StratifiedKFold / model random_state).</summary>
    [JsonPropertyName("seed")]
    public required int Seed { get; init; }

    /// <summary>Mean micro-accuracy over the five folds.</summary>
    [JsonPropertyName("accuracy")]
    public required double Accuracy { get; init; }

    /// <summary>Mean wall seconds to fit one fold (the ML.NET side includes scoring the test fold).</summary>
    [JsonPropertyName("fit_seconds")]
    public required double FitSeconds { get; init; }

    /// <summary>
    /// Mean CPU seconds of the process per fold (all threads): on a machine shared with other work
    /// this, unlike wall time, does not depend on the neighbours.
    /// </summary>
    [JsonPropertyName("cpu_seconds")]
    public double CpuSeconds { get; init; }

    /// <summary>Reads a JSON-lines file; a missing file is no records.</summary>
    public static List<ResultRecord> ReadAll(string path) =>
        File.Exists(path)
            ? File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l => JsonSerializer.Deserialize<ResultRecord>(l)!).ToList()
            : [];

    /// <summary>One line of JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);
}
