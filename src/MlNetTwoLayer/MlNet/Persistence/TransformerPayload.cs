using System.Text;
using MlNetTwoLayer.Engine.Persistence;

namespace MlNetTwoLayer.MlNet.Persistence;

/// <summary>
/// The bytes a <see cref="TwoLayerTransformer"/> writes inside ML.NET's model zip: the feature
/// column name, then the model in the library's own format (docs/model-format.md), so one hardened
/// decoder reads both kinds of file.
/// </summary>
/// <remarks>
/// Layout, little-endian: int32 n, n bytes of UTF-8 feature column name, int64 m, m bytes of model file.
/// </remarks>
internal static class TransformerPayload
{
    /// <summary>The longest feature column name a payload holds, in UTF-8 bytes (the reader refuses longer ones as damage).</summary>
    internal const int MaxColumnNameBytes = 1 << 16;

    /// <summary>Writes the payload.</summary>
    public static void Write(BinaryWriter writer, string featureColumnName, TwoLayerModelParameters model)
    {
        // Strict: a lone surrogate written as U+FFFD would load back as another column (the transformer refuses such names already).
        byte[] name = StrictUtf8.GetBytes(featureColumnName, $"The feature column name '{featureColumnName}'");
        byte[] file = ModelEncoder.Encode(model.ToContents());
        writer.Write(name.Length);
        writer.Write(name);
        writer.Write((long)file.Length);
        writer.Write(file);
    }

    /// <summary>Reads exactly what <see cref="Write"/> wrote.</summary>
    /// <exception cref="InvalidDataException">The payload is damaged; the message says how.</exception>
    public static (string FeatureColumnName, TwoLayerModelParameters Model) Read(BinaryReader reader)
    {
        Stream stream = reader.BaseStream;
        int nameLength = ReadInt32(reader, "the feature column name's length");
        if (nameLength < 1 || nameLength > MaxColumnNameBytes || nameLength > Remaining(stream))
        {
            throw Bad($"the feature column name claims {nameLength} bytes, which is impossible here.");
        }
        string name = StrictUtf8.GetString(ReadExactly(reader, nameLength, "the feature column name"), "Cannot read the TwoLayerTransformer: its feature column name");

        long fileLength = ReadInt64(reader);
        if (fileLength < ModelFormat.HeaderSize || fileLength > Array.MaxLength || fileLength > Remaining(stream))
        {
            throw Bad($"the embedded model claims {fileLength} bytes, but at most {Math.Min(Remaining(stream), Array.MaxLength)} remain.");
        }
        // Decoded straight from the container, forward only: the decoder reads in chunks that follow the
        // bytes really there, so neither a lying length nor a lying model header costs more than they are.
        var slice = new SliceReadStream(stream, fileLength);
        TwoLayerModelParameters model = TwoLayerModelParameters.FromContents(ModelDecoder.Decode(slice));
        if (slice.Consumed != fileLength)
        {
            throw Bad($"the embedded model takes {slice.Consumed} of its {fileLength} bytes.");
        }
        return (name, model);
    }

    // ML.NET hands loaders a seekable stream; if one ever is not, the chunked decoder still grows only with the real data.
    private static long Remaining(Stream stream) => stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : long.MaxValue;

    private static byte[] ReadExactly(BinaryReader reader, int count, string what)
    {
        byte[] bytes = reader.ReadBytes(count);
        return bytes.Length == count ? bytes : throw Bad($"the payload ends inside {what}.");
    }

    private static int ReadInt32(BinaryReader reader, string what)
    {
        try
        {
            return reader.ReadInt32();
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"Cannot read the TwoLayerTransformer: the payload ends before {what}.", e);
        }
    }

    private static long ReadInt64(BinaryReader reader)
    {
        try
        {
            return reader.ReadInt64();
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("Cannot read the TwoLayerTransformer: the payload ends before the embedded model's length.", e);
        }
    }

    private static InvalidDataException Bad(string what) => new($"Cannot read the TwoLayerTransformer: {what}");
}
