using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Persistence;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Persistence;

/// <summary>The pieces the model file code is made of: chunked reading, the embedded-model slice, strict UTF-8, the encoder's argument check.</summary>
public class PersistencePartsTests
{
    private static byte[] Pattern(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 7 + i / 251)).ToArray();

    [Fact]
    public void ChunkedBytesFromAForwardOnlyStreamCopiesAcrossChunkBoundaries()
    {
        // 2.5 chunks, so copies start inside a chunk, end inside the next, and skip whole chunks.
        byte[] data = Pattern(ChunkedBytes.ChunkSize * 5 / 2);
        ChunkedBytes bytes = ChunkedBytes.Read(new ForwardOnly(data), data.Length, present => $"only {present}");

        Assert.Equal(data.Length, bytes.Length);
        foreach ((int offset, int length) in new[] { (0, 10), (ChunkedBytes.ChunkSize - 3, 7), (ChunkedBytes.ChunkSize, 5), (ChunkedBytes.ChunkSize * 2 + 1, 100), (100, ChunkedBytes.ChunkSize * 2), (data.Length - 4, 4), (data.Length, 0) })
        {
            var copy = new byte[length];
            bytes.CopyTo(offset, copy);
            Assert.Equal(data.AsSpan(offset, length).ToArray(), copy);
        }
    }

    [Fact]
    public void ChunkedBytesRefusesACopyPastItsEnd()
    {
        ChunkedBytes bytes = ChunkedBytes.Read(new MemoryStream(Pattern(10)), 10, present => $"only {present}");

        bytes.CopyTo(6, new byte[4]);
        Assert.Throws<ArgumentOutOfRangeException>(() => bytes.CopyTo(7, new byte[4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => bytes.CopyTo(11, []));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(ChunkedBytes.ChunkSize - 1)]
    [InlineData(ChunkedBytes.ChunkSize + 1)]
    [InlineData(ChunkedBytes.ChunkSize * 2 + 17)]
    public void ChunkedBytesChecksumsExactlyThePrefixAskedFor(int count)
    {
        byte[] data = Pattern(ChunkedBytes.ChunkSize * 2 + 20);
        ChunkedBytes bytes = ChunkedBytes.Read(new ForwardOnly(data), data.Length, present => $"only {present}");
        var crc = new System.IO.Hashing.Crc32();

        bytes.AppendTo(crc, count);

        Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(data.AsSpan(0, count)), crc.GetCurrentHashAsUInt32());
    }

    [Fact]
    public void ChunkedBytesReportsHowManyBytesWereReallyThere()
    {
        byte[] data = Pattern(ChunkedBytes.ChunkSize + 5);

        var seekable = Assert.Throws<InvalidDataException>(() => ChunkedBytes.Read(new MemoryStream(data), data.Length + 1L, present => $"only {present}"));
        var forwardOnly = Assert.Throws<InvalidDataException>(() => ChunkedBytes.Read(new ForwardOnly(data), data.Length + 1L, present => $"only {present}"));
        var tooLarge = Assert.Throws<InvalidDataException>(() => ChunkedBytes.Read(new MemoryStream(data), Array.MaxLength + 1L, present => $"only {present}"));

        Assert.Equal($"only {data.Length}", seekable.Message);
        Assert.Equal($"only {data.Length}", forwardOnly.Message);
        Assert.Equal($"only {data.Length}", tooLarge.Message);
    }

    [Fact]
    public void ChunkedBytesFromAStreamOfKnownLengthHoldsAtMostOneArray()
    {
        // The limit is one array's worth (Array.MaxLength bytes), lowered here so that 100 bytes reach it:
        // exactly the limit is read, one byte more is refused with the caller's message.
        byte[] data = Pattern(100);

        ChunkedBytes atLimit = ChunkedBytes.Read(new MemoryStream(data), 100, present => $"only {present}", maxLength: 100);
        var over = Assert.Throws<InvalidDataException>(() => ChunkedBytes.Read(new MemoryStream(data), 100, present => $"only {present}", maxLength: 99));

        var copy = new byte[100];
        atLimit.CopyTo(0, copy);
        Assert.Equal(data, copy);
        Assert.Equal("only 100", over.Message);
    }

    [Fact]
    public void TheEncoderRefusesAFileLargerThanItsLimitSayingHowLarge()
    {
        // The limit is one array (Array.MaxLength bytes), lowered here to this small model's size.
        var parameters = new NetworkParameters(new NetworkShape(3, 4, 2));
        WeightInitializer.Initialize(parameters, WeightInitialization.He, new SeededRandom(6));
        var contents = new ModelContents(parameters, ["a", "b"], HiddenActivation.Relu);
        byte[] file = ModelEncoder.Encode(contents);

        Assert.Equal(file, ModelEncoder.Encode(contents, maxBytes: file.Length));
        var tooLarge = Assert.Throws<InvalidOperationException>(() => ModelEncoder.Encode(contents, maxBytes: file.Length - 1));
        Assert.Equal($"The model needs {file.Length} bytes, more than one file buffer can hold.", tooLarge.Message);
    }

    [Fact]
    public void ASliceReadsOnlyItsBytesAndCountsThem()
    {
        byte[] data = Pattern(30);
        var inner = new MemoryStream(data);
        inner.Position = 5;
        var slice = new SliceReadStream(inner, 12);
        var buffer = new byte[20];

        Assert.True(slice.CanRead);
        Assert.False(slice.CanSeek);
        Assert.False(slice.CanWrite);
        Assert.Equal(8, slice.Read(buffer, 0, 8));
        Assert.Equal(8, slice.Consumed);
        Assert.Equal(4, slice.Read(buffer, 8, 12));
        Assert.Equal(0, slice.Read(buffer, 0, 20));
        Assert.Equal(12, slice.Consumed);
        Assert.Equal(data.AsSpan(5, 12).ToArray(), buffer[..12]);
        Assert.Equal(17, inner.Position);
    }

    [Fact]
    public void AModelDecodesFromASliceAndTheSliceEndsWhereTheModelEnds()
    {
        byte[] model = SmallModels.Bytes(SmallModels.Create());
        var inner = new MemoryStream([.. model, 1, 2, 3]);
        var slice = new SliceReadStream(inner, model.Length);

        ModelContents contents = ModelDecoder.Decode(slice);

        Assert.Equal(SmallModels.Create().Parameters.Values, contents.Parameters.Values);
        Assert.Equal(model.Length, slice.Consumed);
        Assert.Equal(0, slice.Read(new byte[3]));
        Assert.Equal(1, inner.ReadByte());
    }

    [Theory]
    [InlineData("", 0xD800, "abc")]
    [InlineData("ab", 0xDC00, "")]
    [InlineData("a", 0xD83D, "")]
    public void StrictUtf8RefusesALoneSurrogateWhereverItIs(string before, int surrogate, string after)
    {
        // Built here: a lone surrogate in the theory's data would not survive the test runner's serialisation.
        string text = before + (char)surrogate + after;
        int index = before.Length;
        var bytes = Assert.Throws<ArgumentException>(() => StrictUtf8.GetBytes(text, "Class name 3"));
        var count = Assert.Throws<ArgumentException>(() => StrictUtf8.GetByteCount(text, "Class name 3"));

        Assert.Contains($"Class name 3 is not valid Unicode text: it has a lone surrogate (U+{(int)text[index]:X4}) at index {index}", bytes.Message);
        Assert.Equal(bytes.Message, count.Message);
        Assert.Equal(index, StrictUtf8.FindLoneSurrogate(text));
    }

    [Fact]
    public void StrictUtf8KeepsWholeCharactersAndWritesNoByteOrderMark()
    {
        const string Text = "sétosa 🌸";

        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(Text), StrictUtf8.GetBytes(Text, "name"));
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(Text), StrictUtf8.GetByteCount(Text, "name"));
        Assert.Empty(StrictUtf8.Encoding.GetPreamble());
        Assert.Equal(-1, StrictUtf8.FindLoneSurrogate(Text));
        Assert.Null(StrictUtf8.Problem(Text, "name"));
    }

    [Fact]
    public void EncodingNothingIsAnArgumentError()
        => Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => ModelEncoder.Encode(null!)).ParamName);

    [Fact]
    public void EncodedNamesAndWeightsComeBackInOrder()
    {
        var parameters = new NetworkParameters(new NetworkShape(2, 2, 3));
        for (int i = 0; i < parameters.Values.Length; i++)
        {
            parameters.Values[i] = i - 7.5f;
        }
        var model = new ModelContents(parameters, ["", "b", "ccc"], HiddenActivation.Sigmoid);

        ModelContents back = ModelDecoder.Decode(new MemoryStream(ModelEncoder.Encode(model)));

        Assert.Equal(model.ClassNames, back.ClassNames);
        Assert.Equal(parameters.Values, back.Parameters.Values);
        Assert.Equal(HiddenActivation.Sigmoid, back.Activation);
    }

    /// <summary>A stream that cannot seek or report its length, like a network stream, returning short reads.</summary>
    private sealed class ForwardOnly(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => base.Position; set => throw new NotSupportedException(); }

        // Both overloads end in MemoryStream's array read: its span read calls back into the array
        // overload for a derived type, so forwarding one to the other would recurse.
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 100_000));

        public override int Read(Span<byte> buffer)
        {
            var part = new byte[Math.Min(buffer.Length, 100_000)];
            int read = base.Read(part, 0, part.Length);
            part.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
    }
}
