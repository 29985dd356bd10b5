using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MlNetTwoLayer.Interop;

/// <summary>
/// The only place that touches ML.NET internals. Each member is looked up once, on first use; when
/// the installed ML.NET lacks it, the error names the supported version range instead of failing
/// deep inside a call.
/// </summary>
internal static class MlNetInternals
{
    /// <summary>The Microsoft.ML versions whose internals this file was written against.</summary>
    public const string SupportedVersionRange = "[5.0.1, 5.1)";

    private static readonly Lazy<ConstructorInfo> s_columnConstructor = new(() => Require(
        typeof(SchemaShape.Column).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, null,
            [typeof(string), typeof(SchemaShape.Column.VectorKind), typeof(DataViewType), typeof(bool), typeof(SchemaShape)], null),
        "SchemaShape.Column(string, VectorKind, DataViewType, bool, SchemaShape)"));

    private static readonly Lazy<PropertyInfo> s_catalogEnvironment = new(() =>
    {
        Type? catalogInterface = typeof(TrainCatalogBase).Assembly.GetType("Microsoft.ML.Data.IInternalCatalog");
        return Require(catalogInterface?.GetProperty("Environment", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic),
            "IInternalCatalog.Environment");
    });

    /// <summary>Builds a <see cref="SchemaShape.Column"/>, whose constructor ML.NET keeps internal.</summary>
    public static SchemaShape.Column CreateColumn(string name, SchemaShape.Column.VectorKind kind, DataViewType itemType, bool isKey, SchemaShape? annotations = null)
        => (SchemaShape.Column)s_columnConstructor.Value.Invoke([name, kind, itemType, isKey, annotations]);

    /// <summary>The environment (the MLContext's host) behind a trainers catalog such as <c>mlContext.MulticlassClassification.Trainers</c>.</summary>
    public static IHostEnvironment GetEnvironment(TrainCatalogBase.CatalogInstantiatorBase catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return (IHostEnvironment?)s_catalogEnvironment.Value.GetValue(catalog)
            ?? throw Mismatch("a catalog's environment (it was null)");
    }

    private static T Require<T>(T? member, string description) where T : class
        => member ?? throw Mismatch(description);

    private static InvalidOperationException Mismatch(string description)
    {
        string installed = typeof(MLContext).Assembly.GetName().Version?.ToString() ?? "unknown";
        string informational = typeof(MLContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? installed;
        return new InvalidOperationException(
            $"MlNetTwoLayer needs Microsoft.ML {SupportedVersionRange}, but the loaded Microsoft.ML ({informational}) does not have {description}. " +
            $"Reference a Microsoft.ML version in {SupportedVersionRange}.");
    }
}
