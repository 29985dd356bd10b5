using System.Globalization;

namespace MlNetTwoLayer.Quality;

/// <summary>The command line (README.md beside this file lists every flag).</summary>
internal sealed class QualityArguments
{
    /// <summary>The repository's benchmarks/ folder (found upwards from the executable, or --benchmarks).</summary>
    public string BenchmarksFolder { get; private set; } = "";

    /// <summary>--task binary|regression.</summary>
    public QualityTask? Task { get; private set; }

    /// <summary>--half tuning|confirmation.</summary>
    public string? Half { get; private set; }

    /// <summary>--sets a,b,c.</summary>
    public HashSet<string>? Sets { get; private set; }

    /// <summary>--seeds 1,2,3 (ours every seed, the ML.NET peers the first).</summary>
    public int[] Seeds { get; private set; } = [1, 2, 3];

    /// <summary>--ours-only.</summary>
    public bool OursOnly { get; private set; }

    /// <summary>--peers-only.</summary>
    public bool PeersOnly { get; private set; }

    /// <summary>--peers A,B: only these ML.NET peers.</summary>
    public HashSet<string>? Peers { get; private set; }

    /// <summary>--set Name=Value (repeatable): an option of our trainer's Options for a candidate default.</summary>
    public Dictionary<string, string> Overrides { get; } = [];

    /// <summary>--suffix " [x]": appended to our learner's name in the records.</summary>
    public string Suffix { get; private set; } = "";

    /// <summary>--raw file: records are appended to it.</summary>
    public string? RawPath { get; private set; }

    /// <summary>--report file: write the report from the --merge files instead of running.</summary>
    public string? ReportPath { get; private set; }

    /// <summary>--merge a.tsv,b.tsv: the results files the report reads.</summary>
    public List<string> Merge { get; private set; } = [];

    /// <summary>Parses the flags; an unknown flag is an error naming it.</summary>
    public static QualityArguments Parse(string[] args)
    {
        var a = new QualityArguments();
        string? benchmarks = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--benchmarks": benchmarks = Next(); break;
                case "--task": a.Task = Enum.Parse<QualityTask>(Next(), ignoreCase: true); break;
                case "--half": a.Half = Next(); break;
                case "--sets": a.Sets = Next().Split(',').ToHashSet(); break;
                case "--seeds": a.Seeds = Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--ours-only": a.OursOnly = true; break;
                case "--peers-only": a.PeersOnly = true; break;
                case "--peers": a.Peers = Next().Split(',').ToHashSet(); break;
                case "--set":
                    string[] pair = Next().Split('=', 2);
                    a.Overrides[pair[0]] = pair.Length == 2 ? pair[1] : throw new ArgumentException("--set needs Name=Value.");
                    break;
                case "--suffix": a.Suffix = Next(); break;
                case "--raw": a.RawPath = Next(); break;
                case "--report": a.ReportPath = Next(); break;
                case "--merge": a.Merge = Next().Split(',').ToList(); break;
                default: throw new ArgumentException($"Unknown flag {args[i]}; see benchmarks/MlNetTwoLayer.Quality/README.md.");
            }
        }
        a.BenchmarksFolder = benchmarks ?? FindBenchmarks();
        return a;
    }

    private static string FindBenchmarks()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "QualityData")) && Directory.Exists(Path.Combine(dir.FullName, "MlNetTwoLayer.Accuracy")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("benchmarks/ (with QualityData and MlNetTwoLayer.Accuracy) not found above the executable; pass --benchmarks <folder>.");
    }
}
