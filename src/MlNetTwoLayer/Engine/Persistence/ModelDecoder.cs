using System.Buffers.Binary;
using System.Text;
using MlNetTwoLayer.Engine.Network;

namespace MlNetTwoLayer.Engine.Persistence;

/// <summary>
/// Reads the format of docs/model-format.md, trusting nothing: every size is checked against the
/// others and against the bytes actually present before anything is allocated, and the checksum is
/// verified before a single weight is used. Every problem is an <see cref="InvalidDataException"/>
/// saying what is wrong.
/// </summary>
internal static class ModelDecoder
{
    /// <summary>Reads one model from the stream's current position; leaves the stream just after it.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid model file.</exception>
    public static ModelContents Decode(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream cannot be read.", nameof(stream));
        }

        var header = new byte[ModelFormat.HeaderSize];
        int got = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (got < header.Length)
        {
            throw Bad($"the file is truncated: it has {got} bytes, fewer than the {ModelFormat.HeaderSize}-byte header.");
        }
        if (!header.AsSpan(0, 4).SequenceEqual(ModelFormat.Magic))
        {
            throw Bad($"this is not a MlNetTwoLayer model file: it starts with {Convert.ToHexString(header, 0, 4)}, not {Convert.ToHexString(ModelFormat.Magic)} (\"TLNN\").");
        }
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(4));
        if (version == 0 || version > ModelFormat.CurrentVersion)
        {
            throw Bad(version == 0
                ? "the format version is 0, which was never written: the file is damaged."
                : $"the file has format version {version}, newer than the version {ModelFormat.CurrentVersion} this MlNetTwoLayer reads. Load it with the MlNetTwoLayer version that saved it, or a newer one.");
        }
        ushort reserved = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(6));
        int inputs = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
        int hidden = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
        int classes = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(16));
        int activation = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(20));
        int namesLength = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(24));
        long weightCount = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(28));
        if (reserved != 0)
        {
            throw Bad($"the reserved header field is {reserved}, not 0: the file is damaged.");
        }
        if (!Enum.IsDefined((HiddenActivation)activation))
        {
            throw Bad($"the hidden activation code {activation} is unknown: the file is damaged.");
        }

        long parameterCount = CheckDimensions(inputs, hidden, classes);
        if (weightCount != parameterCount)
        {
            throw Bad($"the dimensions ({inputs} inputs, {hidden} hidden units, {classes} classes: {parameterCount} weights) do not match the {weightCount} weights the file says follow.");
        }
        long minNames = (long)classes * sizeof(int), maxNames = (long)classes * (sizeof(int) + ModelFormat.MaxClassNameBytes);
        if (namesLength < minNames || namesLength > maxNames)
        {
            throw Bad($"the class names take {namesLength} bytes, impossible for {classes} classes (between {minNames} and {maxNames}).");
        }

        long bodyLength = namesLength + parameterCount * sizeof(float);
        long restLength = bodyLength + ModelFormat.ChecksumSize;
        if (ModelFormat.HeaderSize + restLength > Array.MaxLength)
        {
            throw Bad($"the dimensions ({inputs} inputs, {hidden} hidden units, {classes} classes) give a model larger than this library can hold.");
        }
        byte[] rest = ReadBounded(stream, (int)restLength, present =>
            $"Cannot read the model: the file is truncated or its dimensions are wrong: the header describes a {inputs}-{hidden}-{classes} network needing {restLength} more bytes, but only {present} follow.");

        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(rest.AsSpan((int)bodyLength));
        uint computed = Crc32.Append(Crc32.Compute(header), rest.AsSpan(0, (int)bodyLength));
        if (stored != computed)
        {
            throw Bad($"the checksum does not match (stored {stored:X8}, computed {computed:X8}): the file is damaged.");
        }

        ReadOnlySpan<byte> body = rest.AsSpan(0, (int)bodyLength);
        string[] names = ReadClassNames(body[..namesLength], classes);
        var parameters = new NetworkParameters(new NetworkShape(inputs, hidden, classes));
        ReadOnlySpan<byte> weights = body[namesLength..];
        Span<float> values = parameters.Values;
        for (int i = 0; i < values.Length; i++)
        {
            float v = BinaryPrimitives.ReadSingleLittleEndian(weights[(i * sizeof(float))..]);
            if (!float.IsFinite(v))
            {
                throw Bad($"weight number {i} is {v}, not a finite number.");
            }
            values[i] = v;
        }
        return new ModelContents(parameters, names, (HiddenActivation)activation);
    }

    private static long CheckDimensions(int inputs, int hidden, int classes)
    {
        if (inputs < 1 || hidden < 1 || classes < 1 || classes > ModelFormat.MaxClasses)
        {
            throw Bad($"the dimensions ({inputs} inputs, {hidden} hidden units, {classes} classes) are impossible: each must be at least 1 and classes at most {ModelFormat.MaxClasses}.");
        }
        long count = (long)inputs * hidden + hidden + (long)hidden * classes + classes;
        if (count > Array.MaxLength / sizeof(float))
        {
            throw Bad($"the dimensions ({inputs} inputs, {hidden} hidden units, {classes} classes) give {count} weights, more than any model this library can hold.");
        }
        return count;
    }

    /// <summary>
    /// Reads exactly <paramref name="count"/> bytes, never allocating more than the stream really
    /// holds; when fewer are there, throws an <see cref="InvalidDataException"/> with the message <paramref name="truncated"/>(bytes present).
    /// </summary>
    internal static byte[] ReadBounded(Stream stream, int count, Func<long, string> truncated)
    {        if (stream.CanSeek)
        {
            long present = Math.Max(0, stream.Length - stream.Position);
            if (present < count)
            {
                throw new InvalidDataException(truncated(present));
            }
            var exact = new byte[count];
            stream.ReadExactly(exact);
            return exact;
        }

        // Unknown length: grow with the data actually read, so a lying header costs at most what is there.
        using var buffer = new MemoryStream();
        var chunk = new byte[Math.Min(count, 1 << 16)];
        while (buffer.Length < count)
        {
            int read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, count - buffer.Length));
            if (read == 0)
            {
                throw new InvalidDataException(truncated(buffer.Length));
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string[] ReadClassNames(ReadOnlySpan<byte> block, int classes)
    {
        var names = new string[classes];
        int offset = 0;
        for (int c = 0; c < classes; c++)
        {
            if (block.Length - offset < sizeof(int))
            {
                throw Bad($"the class names end before class {c} of {classes}.");
            }
            int length = BinaryPrimitives.ReadInt32LittleEndian(block[offset..]);
            offset += sizeof(int);
            if (length < 0 || length > ModelFormat.MaxClassNameBytes || length > block.Length - offset)
            {
                throw Bad($"class name {c} claims {length} bytes, but {block.Length - offset} remain for the names.");
            }
            try
            {
                names[c] = StrictUtf8.Encoding.GetString(block.Slice(offset, length));
            }
            catch (DecoderFallbackException e)
            {
                throw new InvalidDataException($"Cannot read the model: class name {c} is not valid UTF-8.", e);
            }
            offset += length;
        }
        if (offset != block.Length)
        {
            throw Bad($"the class names take {offset} bytes but the header leaves {block.Length} for them.");
        }
        return names;
    }

    private static InvalidDataException Bad(string what) => new($"Cannot read the model: {what}");
}
