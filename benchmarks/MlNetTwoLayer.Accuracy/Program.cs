using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using MlNetTwoLayer.Accuracy;

// The accuracy suite (issue 15): 5-fold CrossValidate of our trainer (defaults, several seeds,
// behind three normalisers) and ML.NET's built-ins on the vendored sets; results go to a JSON-lines
// file, merged with the Python peers' into results.md. See README.md for the commands.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

var arguments = SuiteArguments.Parse(args);
string dataDirectory = Path.Combine(AppContext.BaseDirectory, "Data");

if (arguments.Denormals)
{
    DenormalProbe.Run(dataDirectory, arguments.Sets, arguments.Overrides, arguments.Seeds[0]);
    return;
}

if (!arguments.ReportOnly)
{
    var learners = new List<Learner>();
    foreach (Normaliser n in arguments.Normalisers)
    {
        learners.Add(Learner.TwoLayer(n, arguments.Overrides, arguments.Suffix));
    }
    if (arguments.Peers)
    {
        learners.AddRange(Learner.MlNetPeers().Where(l => arguments.PeerNames == null || arguments.PeerNames.Contains(l.Name)));
    }

    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(arguments.RawPath))!);
    foreach (DataSetInfo info in arguments.Sets)
    {
        CsvDataSet set = CsvDataSet.Load(dataDirectory, info.Name);
        foreach (Learner learner in learners)
        {
            foreach (int seed in learner.Ours ? arguments.Seeds : arguments.Seeds.Take(1))
            {
                var ml = new MLContext(seed);
                IDataView data = set.ToDataView(ml);
                TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var folds = ml.MulticlassClassification.CrossValidate(data, learner.Build(ml), numberOfFolds: 5);
                double seconds = clock.Elapsed.TotalSeconds / 5;
                double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / 5;
                var record = new ResultRecord
                {
                    Set = info.Name,
                    Learner = learner.Name,
                    Seed = seed,
                    Accuracy = folds.Average(f => f.Metrics.MicroAccuracy),
                    FitSeconds = seconds,
                    CpuSeconds = cpu,
                };
                File.AppendAllText(arguments.RawPath, record.ToJson() + Environment.NewLine);
                Console.WriteLine($"{info.Name,-14} {learner.Name,-40} seed {seed}: {record.Accuracy:F4} ({seconds:F2} s/fold, {cpu:F2} s CPU)");
            }
        }
    }
}

if (arguments.ReportPath != null)
{
    var records = arguments.RawInputs.SelectMany(ResultRecord.ReadAll).ToList();
    var shapes = arguments.Sets.ToDictionary(s => s.Name, s => CsvDataSet.Load(dataDirectory, s.Name));
    File.WriteAllText(arguments.ReportPath, ReportWriter.Write(arguments.Sets, shapes, records, arguments.ReportTitle));
    Console.WriteLine($"Wrote {arguments.ReportPath}");
}
