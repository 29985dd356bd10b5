using System.Globalization;
using System.Text;

namespace MlNetTwoLayer.Quality;

/// <summary>
/// The markdown report: per task, a table per half (tuning, confirmation) and one for every set,
/// each learner's metric averaged over its seeds, its mean over the sets it finished, CPU and wall
/// seconds per fold, and the target line (ours against scikit-learn's MLP) with every set we lose.
/// </summary>
internal static class QualityReport
{
    private const string Sklearn = "sklearn MLP";

    /// <summary>Writes the whole report.</summary>
    public static string Write(IReadOnlyList<QualitySet> sets, IReadOnlyList<QualityRecord> records)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Quality benchmark results (issue 18)");
        sb.AppendLine();
        sb.AppendLine("Made by `MlNetTwoLayer.Quality --report` from the results files; 5-fold cross-validation, every learner with its");
        sb.AppendLine("defaults behind ML.NET's default `NormalizeMeanVariance` (scikit-learn: `StandardScaler`). Ours and scikit-learn: mean of");
        sb.AppendLine("seeds 1–3 (ours: MLContext seed, which also draws the folds; scikit-learn: `random_state` of `KFold(shuffle)` and the MLP);");
        sb.AppendLine("ML.NET's built-ins: seed 1. CPU s/fold = process CPU time of fit + scoring per fold (ours uses every core).");
        foreach (QualityTask task in new[] { QualityTask.Binary, QualityTask.Regression })
        {
            var taskSets = sets.Where(s => s.Task == task).ToList();
            if (taskSets.Count == 0)
            {
                continue;
            }
            string metric = task == QualityTask.Binary ? "accuracy" : "R²";
            var names = taskSets.Select(s => s.Name).ToHashSet();
            var taskRecords = records.Where(r => names.Contains(r.Set)).ToList();
            var learners = taskRecords.Select(r => r.Learner).Distinct()
                .OrderBy(l => l.StartsWith("TwoLayer", StringComparison.Ordinal) ? 0 : l == Sklearn ? 1 : 2)
                .ThenBy(l => l.StartsWith("TwoLayer", StringComparison.Ordinal) ? (l == "TwoLayer" ? "" : l) : "")
                .ThenBy(l => Array.IndexOf(PeerOrder, l))
                .ToList();
            foreach (string half in new[] { "tuning", "confirmation", "all" })
            {
                var subset = taskSets.Where(s => half == "all" || s.Half == half).ToList();
                sb.AppendLine();
                sb.AppendLine($"## {(task == QualityTask.Binary ? "Binary classification" : "Regression")}, {metric}: {(half == "all" ? "every set" : half + " half")} ({subset.Count} sets)");
                sb.AppendLine();
                Table(sb, subset, taskRecords, learners, task);
            }
        }
        return sb.ToString();
    }

    private static readonly string[] PeerOrder =
        ["LbfgsLogisticRegression", "SdcaLogisticRegression", "Sdca", "LbfgsPoissonRegression", "FastTree", "LightGbm"];

    private static void Table(StringBuilder sb, List<QualitySet> sets, List<QualityRecord> records, List<string> learners, QualityTask task)
    {
        sb.AppendLine($"| set (rows × features) | {string.Join(" | ", learners)} |");
        sb.AppendLine($"| --- |{string.Concat(learners.Select(_ => " --- |"))}");
        foreach (QualitySet set in sets)
        {
            sb.Append($"| {set.Name} ({set.Rows} × {set.Features}) |");
            foreach (string learner in learners)
            {
                double? m = Mean(records, set.Name, learner, r => r.Metric);
                sb.Append(' ').Append(m is null ? "–" : double.IsNaN(m.Value) ? "fails" : Format(m.Value)).Append(" |");
            }
            sb.AppendLine();
        }
        var names = sets.Select(s => s.Name).ToList();
        Row(sb, "**mean**", learners, l => MeanOver(records, names, l, r => r.Metric), bold: true);
        Row(sb, "mean CPU s/fold", learners, l => MeanOver(records, names, l, r => r.CpuPerFold, allowMissing: true), bold: false);
        Row(sb, "mean wall s/fold", learners, l => MeanOver(records, names, l, r => r.WallPerFold, allowMissing: true), bold: false);
        sb.AppendLine();
        foreach (string ours in learners.Where(l => l.StartsWith("TwoLayer", StringComparison.Ordinal)))
        {
            var both = names.Where(n => Mean(records, n, ours, r => r.Metric) is double x && !double.IsNaN(x)
                && Mean(records, n, Sklearn, r => r.Metric) is double y && !double.IsNaN(y)).ToList();
            if (both.Count == 0)
            {
                continue;
            }
            double o = both.Average(n => Mean(records, n, ours, r => r.Metric)!.Value);
            double s = both.Average(n => Mean(records, n, Sklearn, r => r.Metric)!.Value);
            var losses = both.Select(n => (n, d: Mean(records, n, ours, r => r.Metric)!.Value - Mean(records, n, Sklearn, r => r.Metric)!.Value))
                .Where(x => x.d < 0).OrderBy(x => x.d)
                .Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.n} {x.d:+0.000;-0.000}"));
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"Target for **{ours}** on the {both.Count} of {names.Count} sets both finished: mean {o:F3} vs {Sklearn} {s:F3} ({(o >= s ? "met" : "NOT met")}); sets where it is below {Sklearn}: {string.Join(", ", losses.DefaultIfEmpty("none"))}."));
            sb.AppendLine();
        }
    }

    private static void Row(StringBuilder sb, string title, List<string> learners, Func<string, double?> value, bool bold)
    {
        sb.Append($"| {title} |");
        foreach (string learner in learners)
        {
            double? v = value(learner);
            string text = v is null ? "–" : Format(v.Value);
            sb.Append(' ').Append(bold && v is not null ? $"**{text}**" : text).Append(" |");
        }
        sb.AppendLine();
    }

    private static double? Mean(List<QualityRecord> records, string set, string learner, Func<QualityRecord, double> value)
    {
        var rs = records.Where(r => r.Set == set && r.Learner == learner).ToList();
        return rs.Count == 0 ? null : rs.Average(value);
    }

    // A mean over the sets is only given when the learner finished every one of them (a NaN, a refused set, counts as missing).
    private static double? MeanOver(List<QualityRecord> records, List<string> sets, string learner, Func<QualityRecord, double> value, bool allowMissing = false)
    {
        var means = sets.Select(s => Mean(records, s, learner, value)).ToList();
        var present = means.Where(m => m is double x && !double.IsNaN(x)).Select(m => m!.Value).ToList();
        return present.Count == 0 || (!allowMissing && present.Count < sets.Count) ? null : present.Average();
    }

    private static string Format(double v) => v.ToString(Math.Abs(v) >= 100 ? "F0" : "F3", CultureInfo.InvariantCulture);
}
