using Microsoft.ML;
using MlNetTwoLayer.Engine.Persistence;

namespace MlNetTwoLayer;

/// <summary>
/// <c>mlContext.Model.SaveAtomically(model, schema, path)</c>: ML.NET's <c>Model.Save</c> of a whole
/// pipeline, made safe against crashes and full disks.
/// </summary>
/// <remarks>
/// <c>mlContext.Model.Save(model, schema, "model.zip")</c> writes the zip in place: a process killed
/// while saving, or a disk that fills up, leaves a torn file instead of the previous good one. This
/// writes the zip to a temporary file beside the target, flushes it to disk and renames it over the
/// target, so the file is always either the previous model or the complete new one. Temporary files
/// left by a save that was killed are deleted by the next save of the same target. Works for any
/// <see cref="ITransformer"/>, with or without a <see cref="TwoLayerTransformer"/> in it.
/// </remarks>
/// <example>
/// <code>
/// ITransformer model = pipeline.Fit(data);
/// mlContext.Model.SaveAtomically(model, data.Schema, "model.zip");
/// ITransformer loaded = mlContext.Model.Load("model.zip", out DataViewSchema schema);
/// </code>
/// Runnable: <c>dotnet run --project samples/SaveAndLoad</c>.
/// </example>
public static class TwoLayerModelOperationsExtensions
{
    /// <summary>
    /// Saves <paramref name="model"/> and its input schema to <paramref name="filePath"/> as
    /// <c>Model.Save</c> does, but atomically: temporary file, flush to disk, rename. On failure the
    /// previous file is untouched and the temporary file is removed.
    /// </summary>
    /// <param name="catalog">The model operations catalog (<c>mlContext.Model</c>).</param>
    /// <param name="model">The trained pipeline.</param>
    /// <param name="inputSchema">The schema of the data the pipeline takes (may be null, as for <c>Model.Save</c>).</param>
    /// <param name="filePath">The zip file to create or replace.</param>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="filePath"/> is empty.</exception>
    /// <exception cref="IOException">The file could not be written (for example the disk is full); the previous file is intact.</exception>
    public static void SaveAtomically(this ModelOperationsCatalog catalog, ITransformer model, DataViewSchema? inputSchema, string filePath)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        AtomicFile.Write(filePath, stream => catalog.Save(model, inputSchema, stream));
    }
}
