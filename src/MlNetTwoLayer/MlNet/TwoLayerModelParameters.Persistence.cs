using MlNetTwoLayer.Engine.Persistence;


namespace MlNetTwoLayer;

public sealed partial class TwoLayerModelParameters
{
    /// <summary>
    /// Writes the model to <paramref name="stream"/> in the library's own format (docs/model-format.md):
    /// magic number, format version, sizes, hidden activation, class names, float32 weights, CRC-32.
    /// </summary>
    /// <param name="stream">A writable stream; the model is written at its current position.</param>
    /// <exception cref="ArgumentException">The stream cannot be written.</exception>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream cannot be written (it is read-only or closed).", nameof(stream));
        }
        stream.Write(ModelEncoder.Encode(ToContents()));
    }

    /// <summary>
    /// Writes the model to a file atomically: a temporary file beside <paramref name="path"/> is written,
    /// flushed and renamed into place, so a failed save leaves any previous file intact.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    public void SaveToFile(string path) => AtomicFile.Write(path, Save);

    /// <summary>Reads a model written by <see cref="Save(Stream)"/> from the stream's current position.</summary>
    /// <param name="stream">A readable stream; it is left just after the model.</param>
    /// <exception cref="InvalidDataException">The bytes are not a valid model (truncated, damaged, wrong magic number, newer format version, impossible sizes); the message says which.</exception>
    public static TwoLayerModelParameters Load(Stream stream) => FromContents(ModelDecoder.Decode(stream));

    /// <summary>Reads a model file written by <see cref="SaveToFile"/> or <see cref="Save(Stream)"/>.</summary>
    /// <param name="path">The model file.</param>
    /// <exception cref="InvalidDataException">The file is not a valid model; the message says why.</exception>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    public static TwoLayerModelParameters LoadFromFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            return Load(stream);
        }
        catch (InvalidDataException e)
        {
            // Same type and reason, plus the file it is about.
            throw new InvalidDataException($"{e.Message} (file '{path}')", e);
        }
    }

    /// <summary>What the model file stores of this model.</summary>
    internal ModelContents ToContents() => new(Parameters, _classNames, Activation, Head, ClassLabelKind);

    /// <summary>A model from what a model file stored.</summary>
    internal static TwoLayerModelParameters FromContents(ModelContents contents)
        => new(contents.Parameters, contents.ClassNames.Length == 0 ? null : contents.ClassNames, contents.Activation, contents.OutputHead, contents.ClassLabelKind);
}
