using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using MlNetTwoLayer.MlNet.DataViews;
using MlNetTwoLayer.MlNet.Interop;
using MlNetTwoLayer.MlNet.Persistence;

namespace MlNetTwoLayer;

/// <summary>
/// How <c>mlContext.Model.Save</c> and <c>mlContext.Model.Load</c> handle a <see cref="TwoLayerTransformer"/>.
/// Loading needs no call beyond <c>mlContext.Model.Load</c>, as for ML.NET's own trainers.
/// </summary>
/// <remarks>
/// <para>Models are saved naming the loader assembly <c>MlNetTwoLayer.Loader</c>, which ships beside
/// <c>MlNetTwoLayer.dll</c> (it is emitted at build time by tools/LoaderEmitter). ML.NET's
/// <c>Model.Load</c> loads that assembly by name and registers the loader it declares, so any
/// <see cref="MLContext"/> in any process whose app references this library can load such a model.</para>
/// <para><see cref="Register(MLContext)"/> is only needed to load models saved by earlier versions of
/// this library (which named <c>MlNetTwoLayer</c> as their loader assembly) in a context that never
/// built a trainer or transformer; for everything else it is a harmless no-op. See docs/persistence.md.</para>
/// </remarks>
public static class TwoLayerModelLoader
{
    /// <summary>The simple name of the emitted loader assembly that ships beside this library.</summary>
    internal const string LoaderAssemblyName = "MlNetTwoLayer.Loader";

    /// <summary>The loader type inside <see cref="LoaderAssemblyName"/>; its static <c>Create</c> forwards to <see cref="Create"/>.</summary>
    internal const string LoaderTypeName = "MlNetTwoLayer.Loader.TwoLayerTransformerLoader";

    /// <summary>The names ML.NET writes into a saved model to find this loader again.</summary>
    internal static readonly LoaderIdentity Identity = new(
        ModelSignature: "TWOLAYER",
        // Never changes: the real version lives in our own format, whose errors say clearly what is wrong.
        Version: 0x00010001,
        LoaderAssemblyName: LoaderAssemblyName,
        // Written into every saved model, so it stays as it is although its "B" is only history (the
        // second way of loading that was built). It must differ from the legacy signature: ML.NET
        // refuses to map one name twice.
        LoaderSignature: "TwoLayerTransformerB",
        UserName: "Two-layer neural network");

    /// <summary>
    /// The names in legacy models, saved before the loader assembly existed (docs/persistence.md):
    /// same payload, but ML.NET looks for the loader in <c>MlNetTwoLayer</c>, which cannot declare it.
    /// </summary>
    internal static readonly LoaderIdentity LegacyIdentity = Identity with { LoaderAssemblyName = "MlNetTwoLayer", LoaderSignature = "TwoLayerTransformer" };

    /// <summary>Every loader signature the emitted loader assembly declares: the current one, then the legacy one.</summary>
    internal static string[] LoadNames => [Identity.LoaderSignature, LegacyIdentity.LoaderSignature];

    private static readonly Lazy<Assembly?> s_loaderAssembly = new(FindLoaderAssembly, LazyThreadSafetyMode.PublicationOnly);

    /// <summary>
    /// Makes sure <paramref name="mlContext"/> knows this library's loader. Models saved by this version
    /// need no call at all; this is only needed to load models saved by earlier versions in a context
    /// that never built a <see cref="TwoLayerTrainer"/> or <see cref="TwoLayerTransformer"/>.
    /// Idempotent and thread-safe: extra calls do nothing.
    /// </summary>
    /// <param name="mlContext">The context that will load models.</param>
    /// <exception cref="InvalidOperationException"><c>MlNetTwoLayer.Loader.dll</c> is missing beside the application (it ships with the library).</exception>
    public static void Register(MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        Assembly loader = s_loaderAssembly.Value ?? throw new InvalidOperationException(
            $"The assembly {LoaderAssemblyName} that ships beside MlNetTwoLayer.dll could not be loaded, so ML.NET cannot load models containing a TwoLayerTransformer. " +
            "Reference the MlNetTwoLayer package or project (not MlNetTwoLayer.dll alone) so the application's deps.json lists it.");
        mlContext.ComponentCatalog.RegisterAssembly(loader);
    }

    /// <summary>
    /// Registers the loader on the catalog behind <paramref name="environment"/> (shared by an MLContext
    /// and its hosts), so the trainer's and transformer's contexts also read legacy files. Does nothing
    /// when the loader assembly is missing: training and saving do not need it.
    /// </summary>
    internal static void Register(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (s_loaderAssembly.Value is { } loader)
        {
            // Public and idempotent: ML.NET remembers the assemblies it has scanned.
            environment.ComponentCatalog.RegisterAssembly(loader);
        }
    }

    /// <summary>Writes a transformer inside <c>ICanSaveModel.Save</c>.</summary>
    internal static void Save(ModelSaveContext ctx, TwoLayerTransformer transformer)
    {
        BinaryWriter writer = MlNetInternals.BeginSave(ctx, Identity);
        TransformerPayload.Write(writer, transformer.FeatureColumnName, transformer.LabelColumnName, transformer.Model);
    }

    /// <summary>
    /// The loader: the emitted <c>TwoLayerTransformerLoader.Create(IHostEnvironment, ModelLoadContext)</c>
    /// that ML.NET invokes forwards here. Reads files saved under either identity (same payload).
    /// </summary>
    internal static TwoLayerTransformer Create(IHostEnvironment env, object ctx)
    {
        ArgumentNullException.ThrowIfNull(env);
        BinaryReader reader = MlNetInternals.BeginLoad(ctx, Identity);
        (string featureColumnName, string? labelColumnName, TwoLayerModelParameters model) = TransformerPayload.Read(reader);
        DataViewSchema? trainingSchema = labelColumnName == null ? null : KnownTrainingSchema.Build(model, featureColumnName, labelColumnName);
        return TwoLayerTransformer.Create(env, model, featureColumnName, labelColumnName, trainingSchema, history: null);
    }

    private static Assembly? FindLoaderAssembly()
    {
        try
        {
            return Assembly.Load(new AssemblyName(LoaderAssemblyName));
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            return null;
        }
    }
}
