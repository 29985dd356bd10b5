using System.Globalization;

namespace MlNetTwoLayer.Accuracy;

/// <summary>The command line of the suite (README.md lists every flag).</summary>
internal sealed class SuiteArguments
{
    /// <summary>Sets to run, in catalog order.</summary>
    public List<DataSetInfo> Sets { get; private set; } = DataSetCatalog.All.ToList();

    /// <summary>MLContext seeds for our trainer (the ML.NET peers take the first).</summary>
    public List<int> Seeds { get; private set; } = [0, 1, 2];

    /// <summary>Normalisers our trainer runs behind.</summary>
    public List<Normaliser> Normalisers { get; private set; } = [Normaliser.MeanVariance, Normaliser.MinMax, Normaliser.None];

    /// <summary>Run ML.NET's built-ins too.</summary>
    public bool Peers { get; private set; } = true;

    /// <summary>Only the ML.NET peers of these names (<c>--peers LbfgsMaximumEntropy,LightGbm</c>); null for all.</summary>
    public HashSet<string>? PeerNames { get; private set; }

    /// <summary>Option overrides for our trainer (<c>--set Name=Value</c>).</summary>
    public Dictionary<string, string> Overrides { get; } = [];

    /// <summary>Added to our learner names, to tell a candidate from the defaults.</summary>
    public string Suffix { get; private set; } = "";

    /// <summary>Where this run appends its records.</summary>
    public string RawPath { get; private set; } = "results-dotnet.jsonl";

    /// <summary>Record files the report merges (this run's, and the Python peers').</summary>
    public List<string> RawInputs { get; private set; } = [];

    /// <summary>The markdown report to write; null for none.</summary>
    public string? ReportPath { get; private set; }

    /// <summary>Title line of the report.</summary>
    public string ReportTitle { get; private set; } = "Accuracy suite";

    /// <summary>Run the denormal probe (<see cref="DenormalProbe"/>) instead of the suite.</summary>
    public bool Denormals { get; private set; }

    /// <summary>Only merge existing records into the report.</summary>
    public bool ReportOnly { get; private set; }

    /// <summary>Parses the flags; throws naming an unknown one.</summary>
    public static SuiteArguments Parse(string[] args)
    {
        var a = new SuiteArguments();
        bool rawInputsGiven = false;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--quick":
                    a.Sets = a.Sets.Where(s => s.Quick).ToList();
                    a.Seeds = [0];
                    break;
                case "--half":
                    SuiteHalf half = Enum.Parse<SuiteHalf>(Next(), ignoreCase: true);
                    a.Sets = a.Sets.Where(s => s.Half == half).ToList();
                    break;
                case "--sets":
                    var names = Next().Split(',').ToHashSet();
                    var unknown = names.Except(DataSetCatalog.All.Select(s => s.Name)).ToList();
                    if (unknown.Count > 0)
                    {
                        throw new ArgumentException($"--sets: unknown {string.Join(", ", unknown)}.");
                    }
                    a.Sets = a.Sets.Where(s => names.Contains(s.Name)).ToList();
                    break;
                case "--seeds":
                    a.Seeds = Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
                    break;
                case "--normalisers":
                    a.Normalisers = Next().Split(',').Select(s => Enum.Parse<Normaliser>(s, ignoreCase: true)).ToList();
                    break;
                case "--peers-only":
                    a.Normalisers = [];
                    break;
                case "--peers":
                    a.PeerNames = Next().Split(',').ToHashSet();
                    break;
                case "--ours-only":
                    a.Peers = false;
                    break;
                case "--set":
                    string[] kv = Next().Split('=', 2);
                    a.Overrides[kv[0]] = kv.Length == 2 ? kv[1] : throw new ArgumentException("--set wants Name=Value.");
                    break;
                case "--suffix":
                    a.Suffix = " " + Next();
                    break;
                case "--raw":
                    a.RawPath = Next();
                    break;
                case "--merge":
                    a.RawInputs.AddRange(Next().Split(','));
                    rawInputsGiven = true;
                    break;
                case "--report":
                    a.ReportPath = Next();
                    break;
                case "--title":
                    a.ReportTitle = Next();
                    break;
                case "--denormals":
                    a.Denormals = true;
                    break;
                case "--report-only":
                    a.ReportOnly = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument {args[i]}; see benchmarks/MlNetTwoLayer.Accuracy/README.md.");
            }
        }
        if (!rawInputsGiven)
        {
            a.RawInputs.Add(a.RawPath);
        }
        return a;
    }
}
