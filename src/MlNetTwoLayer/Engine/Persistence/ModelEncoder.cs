using System.Buffers.Binary;
using MlNetTwoLayer.Engine.Network;

namespace MlNetTwoLayer.Engine.Persistence;

/// <summary>Writes <see cref="ModelContents"/> in the format of docs/model-format.md.</summary>
internal static class ModelEncoder
{
    /// <summary>The whole file as one array: header, head block (version 2), class names, weights, CRC-32.</summary>
    public static byte[] Encode(ModelContents model) => Encode(model, Array.MaxLength);

    /// <summary>As <see cref="Encode(ModelContents)"/>, refusing a file of more than <paramref name="maxBytes"/> bytes (at most one array's worth).</summary>
    /// <remarks>Tests lower <paramref name="maxBytes"/> to check the limit with a small model instead of a 2 GiB one.</remarks>
    internal static byte[] Encode(ModelContents model, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(model);
        ReadOnlySpan<float> values = model.Parameters.Values;
        // Strict, like the decoder: names were checked when the model was built, so this cannot throw.
        byte[][] names = model.ClassNames.Select((n, i) => StrictUtf8.GetBytes(n, $"Class name {i}")).ToArray();
        long namesLength = names.Sum(n => (long)sizeof(int) + n.Length);
        IOutputHead head = model.OutputHead;
        bool seedHead = head.Kind == OutputHeadKind.SoftmaxCrossEntropy;
        bool headBlock = !seedHead || model.ClassLabelKind != ClassLabelKind.Text;
        int headerSize = ModelFormat.HeaderSize + (headBlock ? ModelFormat.HeadBlockSize : 0);
        long total = headerSize + namesLength + (long)values.Length * sizeof(float) + ModelFormat.ChecksumSize;
        if (total > maxBytes || namesLength > int.MaxValue)
        {
            throw new InvalidOperationException($"The model needs {total} bytes, more than one file buffer can hold.");
        }

        var bytes = new byte[total];
        Span<byte> span = bytes;
        ModelFormat.Magic.CopyTo(span);
        // Version 1 (offset 6 its reserved zero) for the seed's head with text labels, byte for byte as before;
        // version 2 (head block; offset 6 the class label kind) for every other model.
        bool version1 = !headBlock;
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], version1 ? ModelFormat.SoftmaxOnlyVersion : ModelFormat.CurrentVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], (ushort)model.ClassLabelKind);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], model.Parameters.Shape.Inputs);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], model.Parameters.Shape.Hidden);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], model.Parameters.Shape.Classes);
        BinaryPrimitives.WriteInt32LittleEndian(span[20..], (int)model.Activation);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], (int)namesLength);
        BinaryPrimitives.WriteInt64LittleEndian(span[28..], values.Length);

        if (headBlock)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[36..], (int)head.Kind);
            BinaryPrimitives.WriteSingleLittleEndian(span[40..], OutputHeads.HuberDelta(head));
            BinaryPrimitives.WriteDoubleLittleEndian(span[44..], head.Scaling.Offset);
            BinaryPrimitives.WriteDoubleLittleEndian(span[52..], head.Scaling.Scale);
        }
        int offset = headerSize;
        foreach (byte[] name in names)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[offset..], name.Length);
            name.CopyTo(span[(offset + sizeof(int))..]);
            offset += sizeof(int) + name.Length;
        }
        foreach (float v in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[offset..], v);
            offset += sizeof(float);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], System.IO.Hashing.Crc32.HashToUInt32(span[..offset]));
        return bytes;
    }
}
