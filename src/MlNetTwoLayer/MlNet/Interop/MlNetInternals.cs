using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MlNetTwoLayer.MlNet.Persistence;

namespace MlNetTwoLayer.MlNet.Interop;

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

    private static readonly Lazy<PersistenceMembers> s_persistence = new(PersistenceMembers.Resolve);

    private static readonly Lazy<MethodInfo> s_shapeFromSchema = new(() => Require(
        typeof(SchemaShape).GetMethod("Create", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic, [typeof(DataViewSchema)]),
        "SchemaShape.Create(DataViewSchema)"));

    /// <summary>Builds a <see cref="SchemaShape.Column"/>, whose constructor ML.NET keeps internal.</summary>
    public static SchemaShape.Column CreateColumn(string name, SchemaShape.Column.VectorKind kind, DataViewType itemType, bool isKey, SchemaShape? annotations = null)
        => (SchemaShape.Column)s_columnConstructor.Value.Invoke(BindingFlags.DoNotWrapExceptions, null, [name, kind, itemType, isKey, annotations], null);

    /// <summary>The shape of a schema, as ML.NET's estimators see it (<c>SchemaShape.Create</c> is internal); the conformance tests use it.</summary>
    public static SchemaShape ShapeOf(DataViewSchema schema)
        => (SchemaShape)s_shapeFromSchema.Value.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [schema ?? throw new ArgumentNullException(nameof(schema))], null)!;

    /// <summary>The environment (the MLContext's host) behind a trainers catalog such as <c>mlContext.MulticlassClassification.Trainers</c>.</summary>
    public static IHostEnvironment GetEnvironment(TrainCatalogBase.CatalogInstantiatorBase catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return (IHostEnvironment?)s_catalogEnvironment.Value.GetValue(catalog)
            ?? throw Mismatch("a catalog's environment (it was null)");
    }

    /// <summary>
    /// Starts writing a model inside <c>ICanSaveModel.Save</c>: checks the context sits at a model,
    /// stamps ML.NET's version header (which names the loader to use) and returns the payload writer.
    /// </summary>
    public static BinaryWriter BeginSave(ModelSaveContext ctx, LoaderIdentity loader)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        PersistenceMembers members = s_persistence.Value;
        // DoNotWrapExceptions: ML.NET's own errors reach the caller as ML.NET threw them.
        members.SaveCheckAtModel.Invoke(ctx, BindingFlags.DoNotWrapExceptions, null, null, null);
        members.SetVersionInfo.Invoke(ctx, BindingFlags.DoNotWrapExceptions, null, [members.CreateVersionInfo(loader)], null);
        return (BinaryWriter?)members.SaveWriter.GetValue(ctx) ?? throw Mismatch("ModelSaveContext.Writer (it was null)");
    }

    /// <summary>
    /// Starts reading a model inside a loader: <paramref name="ctx"/> is ML.NET's internal
    /// <c>ModelLoadContext</c>; checks the version header against <paramref name="loader"/> and returns the payload reader.
    /// </summary>
    public static BinaryReader BeginLoad(object ctx, LoaderIdentity loader)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        PersistenceMembers members = s_persistence.Value;
        if (!members.LoadContextType.IsInstanceOfType(ctx))
        {
            throw new ArgumentException($"Expected ML.NET's ModelLoadContext, got {ctx.GetType().FullName}.", nameof(ctx));
        }
        members.LoadCheckAtModel.Invoke(ctx, BindingFlags.DoNotWrapExceptions, null, [members.CreateVersionInfo(loader)], null);
        return (BinaryReader?)members.LoadReader.GetValue(ctx) ?? throw Mismatch("ModelLoadContext.Reader (it was null)");
    }

    /// <summary>Checks now that every persistence member exists, so a mismatch surfaces at the first use.</summary>
    public static void EnsurePersistenceAvailable() => _ = s_persistence.Value;

    private static T Require<T>(T? member, string description) where T : class
        => member ?? throw Mismatch(description);

    internal static InvalidOperationException Mismatch(string description)
    {
        string installed = typeof(MLContext).Assembly.GetName().Version?.ToString() ?? "unknown";
        string informational = typeof(MLContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? installed;
        return new InvalidOperationException(
            $"MlNetTwoLayer needs Microsoft.ML {SupportedVersionRange}, but the loaded Microsoft.ML ({informational}) does not have {description}. " +
            $"Reference a Microsoft.ML version in {SupportedVersionRange}.");
    }

    /// <summary>The ML.NET internals behind Model.Save/Load, looked up together so one check covers them all.</summary>
    private sealed class PersistenceMembers
    {
        private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

        public required MethodInfo SaveCheckAtModel { get; init; }
        public required MethodInfo SetVersionInfo { get; init; }
        public required FieldInfo SaveWriter { get; init; }
        public required Type LoadContextType { get; init; }
        public required MethodInfo LoadCheckAtModel { get; init; }
        public required FieldInfo LoadReader { get; init; }
        public required ConstructorInfo VersionInfoConstructor { get; init; }

        public object CreateVersionInfo(LoaderIdentity loader)
            => VersionInfoConstructor.Invoke([loader.ModelSignature, loader.Version, loader.Version, loader.Version,
                loader.LoaderAssemblyName, loader.LoaderSignature, null]);

        public static PersistenceMembers Resolve()
        {
            Assembly core = typeof(ModelSaveContext).Assembly;
            Type versionInfo = Require(core.GetType("Microsoft.ML.VersionInfo"), "the type Microsoft.ML.VersionInfo");
            Type loadContext = Require(core.GetType("Microsoft.ML.ModelLoadContext"), "the type Microsoft.ML.ModelLoadContext");
            return new PersistenceMembers
            {
                SaveCheckAtModel = Require(typeof(ModelSaveContext).GetMethod("CheckAtModel", Instance, Type.EmptyTypes), "ModelSaveContext.CheckAtModel()"),
                SetVersionInfo = Require(typeof(ModelSaveContext).GetMethod("SetVersionInfo", Instance, [versionInfo]), "ModelSaveContext.SetVersionInfo(VersionInfo)"),
                SaveWriter = RequireType(typeof(ModelSaveContext).GetField("Writer", Instance), typeof(BinaryWriter), "ModelSaveContext.Writer"),
                LoadContextType = loadContext,
                LoadCheckAtModel = Require(loadContext.GetMethod("CheckAtModel", Instance, [versionInfo]), "ModelLoadContext.CheckAtModel(VersionInfo)"),
                LoadReader = RequireType(loadContext.GetField("Reader", Instance), typeof(BinaryReader), "ModelLoadContext.Reader"),
                VersionInfoConstructor = Require(versionInfo.GetConstructor(Instance, [typeof(string), typeof(uint), typeof(uint), typeof(uint), typeof(string), typeof(string), typeof(string)]),
                    "VersionInfo(string, uint, uint, uint, string, string, string)"),
            };
        }

        private static FieldInfo RequireType(FieldInfo? field, Type fieldType, string description)
            => field != null && field.FieldType == fieldType ? field : throw Mismatch($"{description} of type {fieldType.Name}");
    }
}
