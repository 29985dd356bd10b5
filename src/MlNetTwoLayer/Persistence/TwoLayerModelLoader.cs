using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using MlNetTwoLayer.Interop;
using MlNetTwoLayer.Persistence;

namespace MlNetTwoLayer;

/// <summary>
/// Lets <c>mlContext.Model.Load</c> rebuild a <see cref="TwoLayerTransformer"/> from a saved model.
/// </summary>
/// <remarks>
/// <para>ML.NET finds loaders in a per-<see cref="MLContext"/> catalog and offers no public way to
/// add one, so each MLContext that loads a model containing a <see cref="TwoLayerTransformer"/>
/// needs the loader registered once. Creating a <see cref="TwoLayerTrainer"/> or a
/// <see cref="TwoLayerTransformer"/>, or calling <c>mlContext.MulticlassClassification.Trainers.TwoLayer(...)</c>,
/// registers it on that context already; a process that only loads calls <see cref="Register(MLContext)"/>
/// before <c>mlContext.Model.Load</c>. See docs/persistence.md.</para>
/// </remarks>
public static class TwoLayerModelLoader
{
    /// <summary>The names ML.NET writes into a saved model to find this loader again.</summary>
    internal static readonly LoaderIdentity Identity = new(
        ModelSignature: "TWOLAYER",
        // Never changes: the real version lives in our own format, whose errors say clearly what is wrong.
        Version: 0x00010001,
        LoaderAssemblyName: typeof(TwoLayerModelLoader).Assembly.GetName().Name!,
        LoaderSignature: "TwoLayerTransformer",
        UserName: "Two-layer neural network");

    private static readonly MethodInfo s_create = typeof(TwoLayerModelLoader).GetMethod(nameof(Create), BindingFlags.Static | BindingFlags.NonPublic)!;

    /// <summary>
    /// Registers the loader on <paramref name="mlContext"/> so its <c>Model.Load</c> can read models
    /// containing a <see cref="TwoLayerTransformer"/>. Idempotent and thread-safe: extra calls do nothing.
    /// </summary>
    /// <param name="mlContext">The context that will load models.</param>
    /// <exception cref="InvalidOperationException">The installed Microsoft.ML is outside the supported version range; the message names it.</exception>
    public static void Register(MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        Register((IHostEnvironment)mlContext);
    }

    /// <summary>Registers the loader on the catalog behind <paramref name="environment"/> (shared by an MLContext and its hosts).</summary>
    internal static void Register(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        MlNetInternals.RegisterLoader(environment.ComponentCatalog, Identity, typeof(TwoLayerTransformer), s_create);
    }

    /// <summary>Writes a transformer inside <c>ICanSaveModel.Save</c>.</summary>
    internal static void Save(ModelSaveContext ctx, TwoLayerTransformer transformer)
    {
        BinaryWriter writer = MlNetInternals.BeginSave(ctx, Identity);
        TransformerPayload.Write(writer, transformer.FeatureColumnName, transformer.Model);
    }

    /// <summary>The loader ML.NET invokes by reflection with its <c>ModelLoadContext</c>.</summary>
    private static TwoLayerTransformer Create(IHostEnvironment env, object ctx)
    {
        ArgumentNullException.ThrowIfNull(env);
        BinaryReader reader = MlNetInternals.BeginLoad(ctx, Identity);
        (string featureColumnName, TwoLayerModelParameters model) = TransformerPayload.Read(reader);
        return new TwoLayerTransformer(env, model, featureColumnName);
    }
}
