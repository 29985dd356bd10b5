using System.Buffers.Binary;
using Google.Protobuf;
using MlNetTwoLayer.Engine.Persistence;

namespace MlNetTwoLayer.MlNet.Onnx;

/// <summary>
/// The few protobuf encodings an ONNX file needs — varints, fixed32 floats and length-delimited
/// fields (strings, bytes, nested messages) — done by Google.Protobuf's <see cref="CodedOutputStream"/>
/// (issue 14 retired our own encoder). Fields are written in the order they are called; nothing is
/// skipped, so proto3 default values are written only when the caller asks.
/// </summary>
internal sealed class ProtobufWriter
{
    private readonly MemoryStream _stream = new();
    private readonly CodedOutputStream _output;

    /// <summary>An empty message.</summary>
    public ProtobufWriter() => _output = new CodedOutputStream(_stream, leaveOpen: true);

    /// <summary>The protobuf wire types this writer emits.</summary>
    public enum WireType
    {
        /// <summary>int32, int64, enums.</summary>
        Varint = 0,

        /// <summary>strings, bytes, nested messages, packed repeated fields.</summary>
        LengthDelimited = 2,

        /// <summary>float.</summary>
        Fixed32 = 5,
    }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan
    {
        get
        {
            _output.Flush();
            return _stream.GetBuffer().AsSpan(0, (int)_stream.Length);
        }
    }

    /// <summary>A copy of the bytes written so far.</summary>
    public byte[] ToArray() => WrittenSpan.ToArray();

    /// <summary>Base-128 varint, low group first, high bit set on every byte but the last.</summary>
    public void WriteVarint(ulong value) => _output.WriteUInt64(value);

    /// <summary>A field key: <c>(field &lt;&lt; 3) | wireType</c> as a varint.</summary>
    public void WriteTag(int field, WireType wireType)
    {
        if (field < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(field), field, "Protobuf field numbers start at 1.");
        }
        _output.WriteTag(field, (WireFormat.WireType)wireType);
    }

    /// <summary>An int32, int64 or enum field. Negative values take ten bytes, as protobuf sign-extends them.</summary>
    public void WriteInt64(int field, long value)
    {
        WriteTag(field, WireType.Varint);
        _output.WriteInt64(value);
    }

    /// <summary>A float field: four little-endian bytes.</summary>
    public void WriteFloat(int field, float value)
    {
        WriteTag(field, WireType.Fixed32);
        _output.WriteFloat(value);
    }

    /// <summary>A bytes field: its length as a varint, then the bytes.</summary>
    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, WireType.LengthDelimited);
        _output.WriteBytes(ByteString.CopyFrom(value));
    }

    /// <summary>A string field, UTF-8 encoded strictly (a lone surrogate is refused, not written as U+FFFD).</summary>
    public void WriteString(int field, string value) => WriteBytes(field, StrictUtf8.GetBytes(value, $"The ONNX name '{value}'"));

    /// <summary>A bytes field holding the floats little-endian, whatever the machine's byte order (ONNX raw_data).</summary>
    public void WriteFloatsAsBytes(int field, ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }
        WriteBytes(field, bytes);
    }

    /// <summary>
    /// A nested message. The body is written to a writer of its own first, because the length
    /// prefix must come before the bytes it counts.
    /// </summary>
    public void WriteMessage(int field, Action<ProtobufWriter> body)
    {
        var nested = new ProtobufWriter();
        body(nested);
        WriteBytes(field, nested.WrittenSpan);
    }
}
