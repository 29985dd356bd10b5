namespace MlNetTwoLayer.Accuracy;

/// <summary>Which half of the suite a data set belongs to.</summary>
internal enum SuiteHalf
{
    /// <summary>Defaults are chosen on these.</summary>
    Tuning,

    /// <summary>Only used to confirm a choice made on the tuning half.</summary>
    Confirmation,
}

/// <summary>One vendored data set: Data/&lt;name&gt;.csv.gz, first column the label.</summary>
/// <param name="Name">File stem and table name.</param>
/// <param name="Half">The half it was assigned to before any result was looked at.</param>
/// <param name="Quick">Part of the quick mode.</param>
internal sealed record DataSetInfo(string Name, SuiteHalf Half, bool Quick);

/// <summary>
/// The suite. The halves were fixed before any result was seen: the sets sorted by name, then
/// alternately tuning / confirmation (see Data/README.md). Never move a set after seeing results.
/// </summary>
internal static class DataSetCatalog
{
    /// <summary>Every set, in alphabetical order; <see cref="Assign"/> gives the halves.</summary>
    public static readonly IReadOnlyList<DataSetInfo> All = Assign(
    [
        ("ad_data", false),
        ("attrition", false),
        ("breast_cancer", true),
        ("cells", false),
        ("churn", false),
        ("cox2", false),
        ("crabs", true),
        ("credit", false),
        ("digits", true),
        ("german_credit", false),
        ("hpc", true),
        ("income", false),
        ("iris", true),
        ("lending_club", false),
        ("mdrr", false),
        ("musk", false),
        ("penguins", true),
        ("promoters", false),
        ("spam", false),
        ("ticdat", false),
        ("wine", true),
    ]);

    private static List<DataSetInfo> Assign((string Name, bool Quick)[] sets)
    {
        var ordered = sets.OrderBy(s => s.Name, StringComparer.Ordinal).ToArray();
        return ordered.Select((s, i) => new DataSetInfo(s.Name, i % 2 == 0 ? SuiteHalf.Tuning : SuiteHalf.Confirmation, s.Quick)).ToList();
    }
}
