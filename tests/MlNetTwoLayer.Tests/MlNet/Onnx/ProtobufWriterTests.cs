using Xunit;
using MlNetTwoLayer.MlNet.Onnx;

namespace MlNetTwoLayer.Tests.MlNet.Onnx;

/// <summary>The writer's bytes against encodings worked out by hand from the protobuf wire-format rules.</summary>
public class ProtobufWriterTests
{
    [Theory]
    [InlineData(0UL, new byte[] { 0x00 })]
    [InlineData(1UL, new byte[] { 0x01 })]
    [InlineData(127UL, new byte[] { 0x7F })]
    [InlineData(128UL, new byte[] { 0x80, 0x01 })]
    [InlineData(150UL, new byte[] { 0x96, 0x01 })]                 // the protobuf guide's own example
    [InlineData(300UL, new byte[] { 0xAC, 0x02 })]
    [InlineData(16384UL, new byte[] { 0x80, 0x80, 0x01 })]
    [InlineData(ulong.MaxValue, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public void VarintMatchesHandEncoding(ulong value, byte[] expected)
    {
        var w = new ProtobufWriter();
        w.WriteVarint(value);
        Assert.Equal(expected, w.ToArray());
    }

    [Fact]
    public void Int64FieldsHaveVarintKeysAndNegativesTakeTenBytes()
    {
        var w = new ProtobufWriter();
        w.WriteInt64(1, 7);    // key (1 << 3) | 0 = 0x08
        w.WriteInt64(20, 2);   // key 160 = 0xA0 0x01 (AttributeProto.type)
        w.WriteInt64(3, -1);   // key 0x18, then -1 as two's complement over 64 bits
        Assert.Equal(new byte[]
        {
            0x08, 0x07,
            0xA0, 0x01, 0x02,
            0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01,
        }, w.ToArray());
    }

    [Fact]
    public void StringBytesAndFloatFieldsMatchHandEncoding()
    {
        var w = new ProtobufWriter();
        w.WriteString(2, "testing");                      // the protobuf guide's example: 12 07 74 65 73 74 69 6e 67
        w.WriteFloat(2, 0.01f);                           // key 0x15 (fixed32), 0x3C23D70A little-endian
        w.WriteFloatsAsBytes(9, [1f, -2f]);               // key 0x4A, length 8, 0x3F800000 and 0xC0000000 little-endian
        Assert.Equal(new byte[]
        {
            0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6E, 0x67,
            0x15, 0x0A, 0xD7, 0x23, 0x3C,
            0x4A, 0x08, 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0,
        }, w.ToArray());
    }

    [Fact]
    public void NestedMessageIsLengthPrefixed()
    {
        var w = new ProtobufWriter();
        w.WriteMessage(3, m => m.WriteInt64(1, 150));     // the protobuf guide's example: 1a 03 08 96 01
        w.WriteMessage(4, _ => { });                      // an empty message is a zero length
        Assert.Equal(new byte[] { 0x1A, 0x03, 0x08, 0x96, 0x01, 0x22, 0x00 }, w.ToArray());
    }

    [Fact]
    public void LongPayloadGetsMultiByteLength()
    {
        var w = new ProtobufWriter();
        w.WriteBytes(1, new byte[200]);
        byte[] bytes = w.ToArray();
        Assert.Equal(new byte[] { 0x0A, 0xC8, 0x01 }, bytes[..3]);
        Assert.Equal(203, bytes.Length);
    }

    [Fact]
    public void FieldNumberZeroIsRejected()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new ProtobufWriter().WriteInt64(0, 1));
}
