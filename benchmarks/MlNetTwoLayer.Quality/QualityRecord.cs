using System.Globalization;

namespace MlNetTwoLayer.Quality;

/// <summary>
/// One learner × data set × seed result, a tab-separated line of a results file (the same columns
/// sklearn_mlp.py writes): set, learner, seed, metric (accuracy or R²), second metric (AUC or RMSE),
/// CPU seconds per fold and wall seconds per fold (fit and scoring, averaged over the 5 folds).
/// </summary>
internal sealed record QualityRecord(string Set, string Learner, int Seed, double Metric, double Second, double CpuPerFold, double WallPerFold)
{
    /// <summary>The header line of a results file.</summary>
    public const string Header = "set\tlearner\tseed\tmetric\tsecond\tcpu_s_per_fold\twall_s_per_fold";

    /// <summary>The line of this record.</summary>
    public string ToLine() => string.Join('\t', Set, Learner, Seed.ToString(CultureInfo.InvariantCulture),
        F(Metric), F(Second), F(CpuPerFold), F(WallPerFold));

    /// <summary>Reads every record of a results file (the header and blank lines skipped).</summary>
    public static IEnumerable<QualityRecord> Read(string path) => File.ReadLines(path)
        .Where(l => l.Length > 0 && l != Header)
        .Select(l => l.Split('\t'))
        .Select(c => new QualityRecord(c[0], c[1], int.Parse(c[2], CultureInfo.InvariantCulture), P(c[3]), P(c[4]), P(c[5]), P(c[6])));

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static double P(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
