using System.Globalization;
using System.Text;

namespace MlNetTwoLayer.Accuracy;

/// <summary>Turns result records into results.md: a summary per half, the targets, then a table per data set.</summary>
internal static class ReportWriter
{
    /// <summary>Our defaults behind ML.NET's default normaliser: the learner the targets are about.</summary>
    public const string Target = "TwoLayer (MeanVariance)";

    /// <summary>scikit-learn's MLPClassifier() behind StandardScaler (written by peers.py).</summary>
    public const string SklearnMlp = "sklearn MLPClassifier";

    private static readonly string[] TreeEnsembles = ["LightGbm", "sklearn HistGradientBoosting"];

    /// <summary>The whole report.</summary>
    public static string Write(IReadOnlyList<DataSetInfo> sets, IReadOnlyDictionary<string, CsvDataSet> shapes, IReadOnlyList<ResultRecord> records, string title)
    {
        var names = sets.Select(s => s.Name).ToHashSet();
        records = records.Where(r => names.Contains(r.Set)).ToList();
        List<string> learners = records.Select(r => r.Learner).Distinct().ToList();
        var sb = new StringBuilder();
        sb.AppendLine($"# {title}").AppendLine();
        sb.AppendLine("5-fold cross-validated micro-accuracy (mean over folds; for learners run with several seeds, the mean over seeds). "
            + "ML.NET learners: `MulticlassClassification.CrossValidate`, `MLContext(seed)`; scikit-learn: `StratifiedKFold(5, shuffle=True, random_state=seed)`. "
            + "Fit time: seconds per fold (ML.NET: fit + scoring the fold; scikit-learn: fit), wall and CPU (all threads of the process), on a 2-core machine shared with other work, so CPU time is the steadier figure.").AppendLine();
        foreach (SuiteHalf half in new[] { SuiteHalf.Tuning, SuiteHalf.Confirmation })
        {
            HalfSection(sb, $"{half} half", sets.Where(s => s.Half == half).ToList(), shapes, records, learners);
        }
        // The fresh hold-out is a group of its own: the "all sets" means stay those of the two halves.
        var suite = sets.Where(s => s.Half != SuiteHalf.Fresh).ToList();
        if (suite.Select(s => s.Half).Distinct().Count() > 1)
        {
            sb.AppendLine($"## All {suite.Count} sets{(suite.Count < sets.Count ? " (tuning and confirmation)" : "")}").AppendLine();
            MeansOnly(sb, suite, records, learners);
            Targets(sb, suite, records);
        }
        HalfSection(sb, "Fresh hold-out", sets.Where(s => s.Half == SuiteHalf.Fresh).ToList(), shapes, records, learners);
        sb.AppendLine("## Per data set").AppendLine();
        foreach (DataSetInfo set in sets)
        {
            CsvDataSet shape = shapes[set.Name];
            sb.AppendLine($"### {set.Name} ({shape.Rows} × {shape.Features}, {shape.Classes} classes, majority {shape.MajorityShare:F3}; {set.Half})").AppendLine();
            sb.AppendLine("| learner | accuracy per seed | mean | fit s/fold (wall) | CPU s/fold |").AppendLine("| --- | --- | --- | --- | --- |");
            foreach (string learner in learners)
            {
                var rs = records.Where(r => r.Set == set.Name && r.Learner == learner).OrderBy(r => r.Seed).ToList();
                if (rs.Count == 0)
                {
                    continue;
                }
                sb.AppendLine($"| {learner} | {string.Join(" / ", rs.Select(r => F(r.Accuracy)))} | {F(rs.Average(r => r.Accuracy))} | {rs.Average(r => r.FitSeconds):F2} | {rs.Average(r => r.CpuSeconds):F2} |");
            }
            sb.AppendLine();
        }
        return sb.ToString();
    }

    private static void HalfSection(StringBuilder sb, string title, List<DataSetInfo> inHalf, IReadOnlyDictionary<string, CsvDataSet> shapes, IReadOnlyList<ResultRecord> records, List<string> learners)
    {
        if (inHalf.Count == 0)
        {
            return;
        }
        sb.AppendLine($"## {title} ({inHalf.Count} sets)").AppendLine();
        Summary(sb, inHalf, shapes, records, learners);
        Targets(sb, inHalf, records);
    }

    private static double? Mean(IReadOnlyList<ResultRecord> records, string set, string learner)
    {
        var rs = records.Where(r => r.Set == set && r.Learner == learner).ToList();
        return rs.Count == 0 ? null : rs.Average(r => r.Accuracy);
    }

    private static double? MeanTime(IReadOnlyList<ResultRecord> records, IEnumerable<string> sets, string learner, Func<ResultRecord, double> time)
    {
        var rs = records.Where(r => r.Learner == learner && sets.Contains(r.Set)).ToList();
        return rs.Count == 0 ? null : rs.GroupBy(r => r.Set).Average(g => g.Average(time));
    }

    /// <summary>Mean over sets, only when every set has the learner (else the mean would compare different sets).</summary>
    private static double? MeanOverSets(IReadOnlyList<ResultRecord> records, IReadOnlyList<DataSetInfo> sets, string learner)
    {
        var values = sets.Select(s => Mean(records, s.Name, learner)).ToList();
        return values.Any(v => v == null) ? null : values.Average(v => v!.Value);
    }

    private static void Summary(StringBuilder sb, IReadOnlyList<DataSetInfo> sets, IReadOnlyDictionary<string, CsvDataSet> shapes, IReadOnlyList<ResultRecord> records, List<string> learners)
    {
        sb.AppendLine("| set (rows × features, classes) | " + string.Join(" | ", learners) + " |");
        sb.AppendLine("| --- |" + string.Concat(learners.Select(_ => " --- |")));
        foreach (DataSetInfo set in sets)
        {
            CsvDataSet s = shapes[set.Name];
            double?[] values = learners.Select(l => Mean(records, set.Name, l)).ToArray();
            double best = values.Where(v => v != null).Select(v => v!.Value).DefaultIfEmpty(double.NaN).Max();
            sb.AppendLine($"| {set.Name} ({s.Rows} × {s.Features}, {s.Classes}) | " + string.Join(" | ", values.Select(v => v == null ? "–" : v == best ? $"**{F(v.Value)}**" : F(v.Value))) + " |");
        }
        MeanRows(sb, sets, records, learners);
        sb.AppendLine();
    }

    private static void MeansOnly(StringBuilder sb, IReadOnlyList<DataSetInfo> sets, IReadOnlyList<ResultRecord> records, List<string> learners)
    {
        sb.AppendLine("| | " + string.Join(" | ", learners) + " |");
        sb.AppendLine("| --- |" + string.Concat(learners.Select(_ => " --- |")));
        MeanRows(sb, sets, records, learners);
        sb.AppendLine();
    }

    private static void MeanRows(StringBuilder sb, IReadOnlyList<DataSetInfo> sets, IReadOnlyList<ResultRecord> records, List<string> learners)
    {
        var names = sets.Select(s => s.Name).ToList();
        sb.AppendLine("| **mean accuracy** | " + string.Join(" | ", learners.Select(l => MeanOverSets(records, sets, l) is double m ? $"**{F(m)}**" : "–")) + " |");
        sb.AppendLine("| mean fit s/fold (wall) | " + string.Join(" | ", learners.Select(l => MeanTime(records, names, l, r => r.FitSeconds) is double t ? t.ToString("F2", CultureInfo.InvariantCulture) : "–")) + " |");
        sb.AppendLine("| mean CPU s/fold | " + string.Join(" | ", learners.Select(l => MeanTime(records, names, l, r => r.CpuSeconds) is double t ? t.ToString("F2", CultureInfo.InvariantCulture) : "–")) + " |");
    }

    private static void Targets(StringBuilder sb, List<DataSetInfo> all, IReadOnlyList<ResultRecord> records)
    {
        foreach (string ours in records.Select(r => r.Learner).Distinct().Where(l => l.StartsWith(Target, StringComparison.Ordinal)))
        {
            // Compared on the sets every learner of the comparison has finished (a partial run says how many).
            var trees = TreeEnsembles.Where(t => records.Any(r => r.Learner == t)).ToList();
            var sets = all.Where(s => Mean(records, s.Name, ours) != null && Mean(records, s.Name, SklearnMlp) != null
                && trees.All(t => Mean(records, s.Name, t) != null)).ToList();
            if (sets.Count == 0)
            {
                continue;
            }
            double mine = MeanOverSets(records, sets, ours)!.Value, mlp = MeanOverSets(records, sets, SklearnMlp)!.Value;
            var deltas = sets.Select(s => (s.Name, Delta: Mean(records, s.Name, ours)!.Value - Mean(records, s.Name, SklearnMlp)!.Value)).OrderBy(d => d.Delta).ToList();
            var below = deltas.Where(d => d.Delta < -0.01).ToList();
            var treeMeans = trees.Select(t => (t, m: MeanOverSets(records, sets, t)!.Value)).ToList();
            sb.AppendLine($"Targets for **{ours}** on the {sets.Count} of {all.Count} sets every compared learner finished: mean {F(mine)} vs {SklearnMlp} {F(mlp)} ({(mine >= mlp ? "met" : "NOT met")}); "
                + $"sets more than 1 point below it: {(below.Count == 0 ? "none (met)" : string.Join(", ", below.Select(b => $"{b.Name} {b.Delta * 100:+0.0;-0.0}")) + " (NOT met)")}; "
                + (treeMeans.Count == 0 ? "no tree ensemble in this run." :
                    $"best tree ensemble {treeMeans.MaxBy(x => x.m).t} {F(treeMeans.Max(x => x.m))} ({(mine >= treeMeans.Max(x => x.m) ? "met" : "NOT met")})."));
            sb.AppendLine();
        }
    }

    private static string F(double v) => v.ToString("F3", CultureInfo.InvariantCulture);
}
