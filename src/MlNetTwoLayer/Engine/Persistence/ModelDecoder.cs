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
        // Version 1: a reserved zero; version 2: the class label kind.
        ushort labelKind = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(6));
        int inputs = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
        int hidden = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
        int classes = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(16));
        int activation = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(20));
        int namesLength = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(24));
        long weightCount = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(28));
        if (version == 1 && labelKind != 0)
        {
            throw Bad($"the reserved header field is {labelKind}, not 0: the file is damaged.");
        }
        if (!Enum.IsDefined((ClassLabelKind)labelKind))
        {
            throw Bad($"the class label kind code {labelKind} is unknown: the file is damaged or was written by a newer MlNetTwoLayer.");
        }
        if (!Enum.IsDefined((HiddenActivation)activation))
        {
            throw Bad($"the hidden activation code {activation} is unknown: the file is damaged.");
        }

        // Version 2 adds the head block; version 1 files are the seed's softmax head.
        byte[] headBlock = [];
        IOutputHead head = SoftmaxCrossEntropyHead.Instance;
        if (version >= 2)
        {
            headBlock = new byte[ModelFormat.HeadBlockSize];
            int read = stream.ReadAtLeast(headBlock, headBlock.Length, throwOnEndOfStream: false);
            if (read < headBlock.Length)
            {
                throw Bad($"the file is truncated: it ends {read} bytes into the {ModelFormat.HeadBlockSize}-byte head block.");
            }
            head = ReadHead(headBlock, classes);
        }

        long parameterCount = CheckDimensions(inputs, hidden, classes);
        if (weightCount != parameterCount)
        {
            throw Bad($"the dimensions ({inputs} inputs, {hidden} hidden units, {classes} classes: {parameterCount} weights) do not match the {weightCount} weights the file says follow.");
        }
        // Only the softmax head names its outputs' classes; the one-output heads carry no names.
        int nameCount = head.Kind == OutputHeadKind.SoftmaxCrossEntropy ? classes : 0;
        long minNames = (long)nameCount * sizeof(int), maxNames = (long)nameCount * (sizeof(int) + ModelFormat.MaxClassNameBytes);
        if (namesLength < minNames || namesLength > maxNames)
        {
            throw Bad($"the class names take {namesLength} bytes, impossible for {nameCount} class names (between {minNames} and {maxNames}).");
        }

        long bodyLength = namesLength + parameterCount * sizeof(float);
        long restLength = bodyLength + ModelFormat.ChecksumSize;
        if (ModelFormat.HeaderSize + restLength > Array.MaxLength)
        {
            throw Bad($"the dimensions ({inputs} inputs, {hidden} hidden units, {classes} classes) give a model larger than this library can hold.");
        }
        // Held in chunks that follow the bytes really read, and checked before anything the size of
        // the model is allocated: a header that lies costs at most what the stream holds.
        ChunkedBytes rest = ChunkedBytes.Read(stream, restLength, present =>
            $"Cannot read the model: the file is truncated or its dimensions are wrong: the header describes a {inputs}-{hidden}-{classes} network needing {restLength} more bytes, but only {present} follow.");

        Span<byte> storedBytes = stackalloc byte[ModelFormat.ChecksumSize];
        rest.CopyTo(bodyLength, storedBytes);
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(storedBytes);
        var crc = new System.IO.Hashing.Crc32();
        crc.Append(header);
        crc.Append(headBlock);
        rest.AppendTo(crc, bodyLength);
        uint computed = crc.GetCurrentHashAsUInt32();
        if (stored != computed)
        {
            throw Bad($"the checksum does not match (stored {stored:X8}, computed {computed:X8}): the file is damaged.");
        }

        var namesBlock = new byte[namesLength];
        rest.CopyTo(0, namesBlock);
        string[] names = ReadClassNames(namesBlock, nameCount);
        var kind = (ClassLabelKind)labelKind;
        for (int c = 0; c < names.Length; c++)
        {
            if (!ClassLabelText.IsCanonical(kind, names[c]))
            {
                throw Bad($"class name {c} ('{names[c]}') is not a {kind} value, as the header says the labels are.");
            }
        }
        var parameters = new NetworkParameters(new NetworkShape(inputs, hidden, classes));
        Span<float> values = parameters.Values;
        var block = new byte[Math.Min(values.Length, 1 << 14) * sizeof(float)];
        for (int start = 0; start < values.Length; start += block.Length / sizeof(float))
        {
            int count = Math.Min(block.Length / sizeof(float), values.Length - start);
            Span<byte> bytes = block.AsSpan(0, count * sizeof(float));
            rest.CopyTo(namesLength + (long)start * sizeof(float), bytes);
            for (int i = 0; i < count; i++)
            {
                float v = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
                if (!float.IsFinite(v))
                {
                    throw Bad($"weight number {start + i} is {v}, not a finite number.");
                }
                values[start + i] = v;
            }
        }
        return new ModelContents(parameters, names, (HiddenActivation)activation, head, kind);
    }

    /// <summary>The head block of a version 2 file; its fields are checked before the checksum so that a damaged one is named.</summary>
    private static IOutputHead ReadHead(ReadOnlySpan<byte> block, int classes)
    {
        int kind = BinaryPrimitives.ReadInt32LittleEndian(block);
        float delta = BinaryPrimitives.ReadSingleLittleEndian(block[4..]);
        double offset = BinaryPrimitives.ReadDoubleLittleEndian(block[8..]);
        double scale = BinaryPrimitives.ReadDoubleLittleEndian(block[16..]);
        if (!Enum.IsDefined((OutputHeadKind)kind))
        {
            throw Bad($"the output head code {kind} is unknown: the file is damaged or was written by a newer MlNetTwoLayer.");
        }
        var headKind = (OutputHeadKind)kind;
        if (headKind != OutputHeadKind.SoftmaxCrossEntropy && classes != 1)
        {
            throw Bad($"a {headKind} head has one output, but the header says {classes}.");
        }
        var scaling = new TargetScaling(offset, scale);
        bool regression = OutputHeads.IsRegression(headKind);
        if (regression ? !scaling.IsValid : scaling != TargetScaling.Identity)
        {
            throw Bad($"the label scaling (offset {offset}, scale {scale}) is impossible for a {headKind} head.");
        }
        bool huber = headKind == OutputHeadKind.IdentityHuber;
        if (huber ? !(float.IsFinite(delta) && delta > 0) : delta != 0)
        {
            throw Bad($"the Huber threshold {delta} is impossible for a {headKind} head.");
        }
        return OutputHeads.Create(headKind, scaling, delta);
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
            names[c] = StrictUtf8.GetString(block.Slice(offset, length), $"Cannot read the model: class name {c}");
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
