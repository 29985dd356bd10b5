using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using MlNetTwoLayer.Quality;

// Quality benchmark (issue 18): 5-fold CrossValidate, default options, features behind ML.NET's
// default NormalizeMeanVariance, for the two-layer binary and regression trainers and ML.NET's
// built-ins, on the real public data sets listed in sets.tsv; scikit-learn's MLP under the same
// protocol comes from sklearn_mlp.py. README.md beside this file has the commands and flags.
var a = QualityArguments.Parse(args);
string benchmarks = a.BenchmarksFolder;
var catalog = QualitySet.Catalog(benchmarks)
    .Where(e => a.Task is null || e.Task == a.Task)
    .Where(e => a.Half is null || e.Half == a.Half)
    .Where(e => a.Sets is null || a.Sets.Contains(e.Name))
    .ToList();

if (a.ReportPath is not null)
{
    var records = a.Merge.SelectMany(QualityRecord.Read).ToList();
    var sets = catalog.Select(QualitySet.Load).ToList();
    File.WriteAllText(a.ReportPath, QualityReport.Write(sets, records));
    Console.WriteLine($"Wrote {a.ReportPath} from {records.Count} records.");
    return 0;
}

if (a.RawPath is not null && (!File.Exists(a.RawPath) || new FileInfo(a.RawPath).Length == 0))
{
    File.AppendAllText(a.RawPath, QualityRecord.Header + "\n");
}
foreach (var entry in catalog)
{
    QualitySet set = QualitySet.Load(entry);
    var learners = new List<QualityLearner>();
    if (!a.PeersOnly)
    {
        learners.Add(QualityLearner.TwoLayer(set.Task, a.Overrides, a.Suffix));
    }
    if (!a.OursOnly)
    {
        learners.AddRange(QualityLearner.MlNetPeers(set.Task).Where(l => a.Peers is null || a.Peers.Contains(l.Name)));
    }
    foreach (QualityLearner learner in learners)
    {
        foreach (int seed in learner.Ours ? a.Seeds : a.Seeds.Take(1))
        {
            var ml = new MLContext(seed: seed);
            IDataView data = set.ToDataView(ml);
            TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            double metric, second;
            try
            {
                (metric, second) = CrossValidate(ml, data, set.Task, learner.Build(ml));
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                // A peer that refuses a set (e.g. Poisson regression on negative labels) is a result too: NaN, and the reason.
                Console.WriteLine($"{set.Name} {learner.Name} seed {seed}: failed: {e.Message.Split('\n')[0]}");
                (metric, second) = (double.NaN, double.NaN);
            }
            double wall = clock.Elapsed.TotalSeconds / 5;
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / 5;
            var record = new QualityRecord(set.Name, learner.Name, seed, metric, second, cpu, wall);
            if (a.RawPath is not null)
            {
                // One short append per record, so several runs may share a results file without tearing lines.
                File.AppendAllText(a.RawPath, record.ToLine() + "\n");
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{set.Name,-14} ({set.Rows} x {set.Features}) {learner.Name,-24} seed {seed}: {(set.Task == QualityTask.Binary ? "accuracy" : "R²")} {metric:F4}  {(set.Task == QualityTask.Binary ? "AUC" : "RMSE")} {second:G4}  {cpu:F2} CPU s/fold  {wall:F2} s/fold"));
        }
    }
}
return 0;

static (double Metric, double Second) CrossValidate(MLContext ml, IDataView data, QualityTask task, IEstimator<ITransformer> pipeline)
{
    if (task == QualityTask.Binary)
    {
        var folds = ml.BinaryClassification.CrossValidateNonCalibrated(data, pipeline, numberOfFolds: 5);
        return (folds.Average(f => f.Metrics.Accuracy), folds.Average(f => f.Metrics.AreaUnderRocCurve));
    }
    var regressionFolds = ml.Regression.CrossValidate(data, pipeline, numberOfFolds: 5);
    return (regressionFolds.Average(f => f.Metrics.RSquared), regressionFolds.Average(f => f.Metrics.RootMeanSquaredError));
}
