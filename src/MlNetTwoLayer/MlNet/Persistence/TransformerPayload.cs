using System.Text;
using MlNetTwoLayer.Engine.Persistence;

namespace MlNetTwoLayer.MlNet.Persistence;

/// <summary>
/// The bytes a <see cref="TwoLayerTransformer"/> writes inside ML.NET's model zip: the feature
/// column name, then the model in the library's own format (docs/model-format.md), so one hardened
/// decoder reads both kinds of file.
/// </summary>
/// <remarks>
/// Layout, little-endian: int32 n, n bytes of UTF-8 feature column name, int64 m, m bytes of model
/// file (first layout). Since issue 14 (second layout): int32 -2, then the feature column name and
/// the label column name (empty when unknown), each as int32 length and UTF-8 bytes, a CRC-32 of
/// those name bytes, then int64 m and the model file. The reader takes both; ML.NET's stream goes on after the payload, so only such a
/// marker (an impossible length in the first layout) can say which layout follows.
/// </remarks>
internal static class TransformerPayload
{
    /// <summary>The longest feature column name a payload holds, in UTF-8 bytes (the reader refuses longer ones as damage).</summary>
    internal const int MaxColumnNameBytes = 1 << 16;

    /// <summary>Marks the second layout: a negative value where the first layout has the feature column name's (positive) length.</summary>
    private const int Layout2Marker = -2;

    /// <summary>Writes the payload (second layout).</summary>
    public static void Write(BinaryWriter writer, string featureColumnName, string? labelColumnName, TwoLayerModelParameters model)
    {
        byte[] file = ModelEncoder.Encode(model.ToContents());
        writer.Write(Layout2Marker);
        byte[] names = NamesBlock(featureColumnName, labelColumnName ?? "");
        writer.Write(names);
        // The model file has its own checksum; this one covers the names, so a damaged name is an error, not a wrong column.
        writer.Write(System.IO.Hashing.Crc32.HashToUInt32(names));
        writer.Write((long)file.Length);
        writer.Write(file);
    }

    /// <summary>Reads what <see cref="Write"/> writes, or the first layout (no label column name) that older versions wrote.</summary>
    /// <exception cref="InvalidDataException">The payload is damaged; the message says how.</exception>
    public static (string FeatureColumnName, string? LabelColumnName, TwoLayerModelParameters Model) Read(BinaryReader reader)
    {
        Stream stream = reader.BaseStream;
        int first = ReadInt32(reader, "the feature column name's length");
        string name;
        string? label = null;
        if (first == Layout2Marker)
        {
            name = ReadName(reader, ReadInt32(reader, "the feature column name's length"), "feature column name", allowEmpty: false);
            string labelName = ReadName(reader, ReadInt32(reader, "the label column name's length"), "label column name", allowEmpty: true);
            uint stored = (uint)ReadInt32(reader, "the column names' checksum");
            uint computed = System.IO.Hashing.Crc32.HashToUInt32(NamesBlock(name, labelName));
            if (stored != computed)
            {
                throw Bad($"the column names' checksum does not match (stored {stored:X8}, computed {computed:X8}): the payload is damaged.");
            }
            label = labelName.Length == 0 ? null : labelName;
        }
        else
        {
            name = ReadName(reader, first, "feature column name", allowEmpty: false);
        }

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
        return (name, label, model);
    }

    /// <summary>Each name as int32 length and UTF-8 bytes, little-endian, as the payload holds them.</summary>
    private static byte[] NamesBlock(params string[] names)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, StrictUtf8.Encoding, leaveOpen: true))
        {
            foreach (string name in names)
            {
                // Strict: a lone surrogate written as U+FFFD would load back as another column.
                byte[] bytes = StrictUtf8.GetBytes(name, $"The column name '{name}'");
                writer.Write(bytes.Length);
                writer.Write(bytes);
            }
        }
        return buffer.ToArray();
    }

    private static string ReadName(BinaryReader reader, int length, string what, bool allowEmpty)
    {
        if (length < (allowEmpty ? 0 : 1) || length > MaxColumnNameBytes || length > Remaining(reader.BaseStream))
        {
            throw Bad($"the {what} claims {length} bytes, which is impossible here.");
        }
        return StrictUtf8.GetString(ReadExactly(reader, length, $"the {what}"), $"Cannot read the TwoLayerTransformer: its {what}");
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
