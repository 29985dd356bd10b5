using System.Buffers.Binary;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Persistence;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Persistence;

/// <summary>
/// Each check of <see cref="ModelDecoder"/> on a file crafted to fail exactly that check (or to sit
/// exactly on its limit and pass it), with the message it must give: a check that is skipped or
/// moved by one then shows up as another check's message or as a load that should not succeed.
/// </summary>
public class ModelDecoderChecksTests
{
    /// <summary>A version 1 (or 2 with <paramref name="headBlock"/>) file with the given parts and a valid checksum; the header's sizes are taken as given.</summary>
    private static byte[] Craft(int inputs, int hidden, int classes, byte[] names, float[] weights,
        long? weightCount = null, int? namesLength = null, ushort version = 1, ushort labelKind = 0, byte[]? headBlock = null)
    {
        int headSize = headBlock?.Length ?? 0;
        var file = new byte[ModelFormat.HeaderSize + headSize + names.Length + weights.Length * sizeof(float) + ModelFormat.ChecksumSize];
        Span<byte> span = file;
        "TLNN"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], version);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], labelKind);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], inputs);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], hidden);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], classes);
        BinaryPrimitives.WriteInt32LittleEndian(span[20..], (int)HiddenActivation.Relu);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], namesLength ?? names.Length);
        BinaryPrimitives.WriteInt64LittleEndian(span[28..], weightCount ?? weights.Length);
        int offset = ModelFormat.HeaderSize;
        headBlock?.CopyTo(span[offset..]);
        offset += headSize;
        names.CopyTo(span[offset..]);
        offset += names.Length;
        foreach (float w in weights)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[offset..], w);
            offset += sizeof(float);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], System.IO.Hashing.Crc32.HashToUInt32(span[..offset]));
        return file;
    }

    /// <summary>Length-prefixed UTF-8 names, as the format stores them.</summary>
    private static byte[] Names(params string[] names)
        => names.SelectMany(n => BitConverter.GetBytes(System.Text.Encoding.UTF8.GetByteCount(n)).Concat(System.Text.Encoding.UTF8.GetBytes(n))).ToArray();

    private static byte[] Block(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static byte[] Int(int value) => BitConverter.GetBytes(value);

    private static float[] Weights(int count) => Enumerable.Range(0, count).Select(i => 0.125f * i - 1).ToArray();

    private static int ParameterCount(int inputs, int hidden, int classes) => inputs * hidden + hidden + hidden * classes + classes;

    private static string Error(byte[] file) => Assert.Throws<InvalidDataException>(() => ModelDecoder.Decode(new MemoryStream(file))).Message;

    private static byte[] HeadBlock(OutputHeadKind kind, float delta, double offset, double scale)
    {
        var block = new byte[ModelFormat.HeadBlockSize];
        BinaryPrimitives.WriteInt32LittleEndian(block, (int)kind);
        BinaryPrimitives.WriteSingleLittleEndian(block.AsSpan(4), delta);
        BinaryPrimitives.WriteDoubleLittleEndian(block.AsSpan(8), offset);
        BinaryPrimitives.WriteDoubleLittleEndian(block.AsSpan(16), scale);
        return block;
    }

    [Fact]
    public void TheCraftedFileIsValid()
    {
        ModelContents model = ModelDecoder.Decode(new MemoryStream(Craft(2, 3, 2, Names("a", "b"), Weights(ParameterCount(2, 3, 2)))));

        Assert.Equal(["a", "b"], model.ClassNames);
        Assert.Equal(Weights(ParameterCount(2, 3, 2)), model.Parameters.Values);
    }

    [Fact]
    public void ANullOrUnreadableStreamIsAnArgumentError()
    {
        Assert.Throws<ArgumentNullException>(() => ModelDecoder.Decode(null!));
        var closed = new MemoryStream(Craft(1, 1, 1, Names("a"), Weights(4)));
        closed.Dispose();

        var error = Assert.Throws<ArgumentException>(() => ModelDecoder.Decode(closed));

        Assert.Equal("stream", error.ParamName);
        Assert.Contains("cannot be read", error.Message);
    }

    [Fact]
    public void FormatVersion0IsNamedAsNeverWritten()
        => Assert.Contains("the format version is 0, which was never written", Error(Craft(1, 1, 1, Names("a"), Weights(4), version: 0)));

    [Fact]
    public void AnUnknownClassLabelKindSaysSo()
        => Assert.Contains("the class label kind code 99 is unknown", Error(Craft(1, 1, 1, Names("a"), Weights(4), version: 2, labelKind: 99,
            headBlock: HeadBlock(OutputHeadKind.SoftmaxCrossEntropy, 0, 0, 1))));

    [Fact]
    public void TheSmallestNetworkOneInputOneHiddenUnitOneClassLoads()
    {
        ModelContents model = ModelDecoder.Decode(new MemoryStream(Craft(1, 1, 1, Names("only"), Weights(4))));

        Assert.Equal(new NetworkShape(1, 1, 1), model.Parameters.Shape);
        Assert.Equal(["only"], model.ClassNames);
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1, 0, 1)]
    [InlineData(1, 1, 0)]
    [InlineData(1, 1, -1)]
    [InlineData(1, 1, (1 << 20) + 1)]
    public void EachImpossibleDimensionIsNamedAlone(int inputs, int hidden, int classes)
        => Assert.Contains($"({inputs} inputs, {hidden} hidden units, {classes} classes) are impossible: each must be at least 1 and classes at most {ModelFormat.MaxClasses}",
            Error(Craft(inputs, hidden, classes, [], [], weightCount: 4)));

    [Fact]
    public void WeightCountsAtTheLimitAreCheckedAgainstTheFileSizeAndOneMoreIsRefused()
    {
        // An inputs-1-1 network has inputs + 3 weights: exactly Array.MaxLength / 4 at the limit, which
        // passes the weight-count check and is then too large for the file buffer; one input more fails the count.
        int limit = Array.MaxLength / sizeof(float);
        int inputs = limit - 3;
        string atLimit = Error(Craft(inputs, 1, 1, [], [], weightCount: limit, namesLength: 4));
        string overLimit = Error(Craft(inputs + 1, 1, 1, [], [], weightCount: limit + 1L, namesLength: 4));

        Assert.Contains("give a model larger than this library can hold", atLimit);
        Assert.Contains($"give {limit + 1L} weights, more than any model this library can hold", overLimit);
    }

    [Fact]
    public void AFileOfExactlyTheLargestArrayIsReadAndOneByteMoreIsRefused()
    {
        // 1-1-C softmax network, C = MaxClasses (the largest class count allowed): the names length
        // is chosen so that the whole file is exactly Array.MaxLength bytes, then one byte more.
        const int Classes = ModelFormat.MaxClasses;
        long weights = 2 + 2L * Classes; // w1, b1, then w2 and b2 of one weight per class
        long fixedBytes = ModelFormat.HeaderSize + weights * sizeof(float) + ModelFormat.ChecksumSize;
        int exact = checked((int)(Array.MaxLength - fixedBytes));

        string fits = Error(Craft(1, 1, Classes, [], [], weightCount: weights, namesLength: exact));
        string tooLarge = Error(Craft(1, 1, Classes, [], [], weightCount: weights, namesLength: exact + 1));

        Assert.Contains("the file is truncated", fits); // passed the size check, then found the bytes missing
        Assert.Contains("give a model larger than this library can hold", tooLarge);
    }

    [Theory]
    [InlineData(7, "the class names take 7 bytes, impossible for 2 class names (between 8 and 131080)")]
    [InlineData(131081, "the class names take 131081 bytes, impossible for 2 class names (between 8 and 131080)")]
    public void ANamesLengthOutsideWhatTheClassesCanTakeSaysItsBounds(int namesLength, string message)
        => Assert.Contains(message, Error(Craft(1, 1, 2, Names("a", "b"), Weights(6), namesLength: namesLength)));

    [Fact]
    public void TheWeightCountMustMatchTheDimensions()
        => Assert.Contains("(1 inputs, 1 hidden units, 2 classes: 6 weights) do not match the 7 weights the file says follow",
            Error(Craft(1, 1, 2, Names("a", "b"), Weights(6), weightCount: 7)));

    [Fact]
    public void NamesThatEndBeforeTheLastClassSaySo()
        => Assert.Contains("the class names end before class 1 of 2", Error(Craft(1, 1, 2, Block(Int(4), "abcd"u8.ToArray(), [0, 0]), Weights(6))));

    [Theory]
    [InlineData(-1, "class name 1 claims -1 bytes, but 0 remain for the names")]
    [InlineData(1, "class name 1 claims 1 bytes, but 0 remain for the names")]
    public void ANameLongerThanTheBytesLeftSaysSo(int length, string message)
        => Assert.Contains(message, Error(Craft(1, 1, 2, Block(Int(0), Int(length)), Weights(6))));

    [Fact]
    public void ANameAtTheLengthLimitLoadsAndOneByteLongerIsRefused()
    {
        string longest = new('n', ModelFormat.MaxClassNameBytes);

        ModelContents model = ModelDecoder.Decode(new MemoryStream(Craft(1, 1, 2, Names("", longest), Weights(6))));
        string error = Error(Craft(1, 1, 2, Names("", longest + "n"), Weights(6)));

        Assert.Equal(["", longest], model.ClassNames);
        Assert.Contains($"class name 1 claims {ModelFormat.MaxClassNameBytes + 1} bytes, but {ModelFormat.MaxClassNameBytes + 1} remain", error);
    }

    [Fact]
    public void BytesLeftAfterTheLastNameSaySo()
        => Assert.Contains("the class names take 10 bytes but the header leaves 13 for them",
            Error(Craft(1, 1, 2, Block(Names("a", "b"), [1, 2, 3]), Weights(6))));

    [Fact]
    public void AClassNameThatIsNotUtf8IsNamed()
    {
        var error = Assert.Throws<InvalidDataException>(() => ModelDecoder.Decode(new MemoryStream(Craft(1, 1, 2, Block(Names("a"), Int(2), [0xC3, 0x28]), Weights(6)))));

        Assert.Contains("Cannot read the model: class name 1 is not valid UTF-8", error.Message);
        Assert.IsType<System.Text.DecoderFallbackException>(error.InnerException);
    }

    [Fact]
    public void AClassNameThatIsNotCanonicalForTheLabelKindIsNamed()
        => Assert.Contains("class name 1 ('2.50') is not a Single value, as the header says the labels are",
            Error(Craft(1, 1, 2, Names("1", "2.50"), Weights(6), version: 2, labelKind: (ushort)ClassLabelKind.Single,
                headBlock: HeadBlock(OutputHeadKind.SoftmaxCrossEntropy, 0, 0, 1))));

    [Fact]
    public void ANonFiniteWeightIsNamedByItsIndexAlsoBeyondTheFirstReadBlock()
    {
        // 200-100-3: 20,403 weights, more than the 16,384 decoded per block.
        int count = ParameterCount(200, 100, 3);
        float[] early = Weights(count), late = Weights(count);
        early[7] = float.NaN;
        late[20_000] = float.NaN;
        byte[] names = Names("a", "b", "c");

        Assert.Contains("weight number 7 is NaN, not a finite number", Error(Craft(200, 100, 3, names, early)));
        Assert.Contains("weight number 20000 is NaN, not a finite number", Error(Craft(200, 100, 3, names, late)));
        Assert.Equal(Weights(count), ModelDecoder.Decode(new MemoryStream(Craft(200, 100, 3, names, Weights(count)))).Parameters.Values);
    }

    [Theory]
    [InlineData((int)OutputHeadKind.SoftmaxCrossEntropy, 0f, 1.0, 1.0)]
    [InlineData((int)OutputHeadKind.SigmoidBinaryCrossEntropy, 0f, 0.0, 2.0)]
    public void AClassifierHeadWithALabelScalingIsRefused(int code, float delta, double offset, double scale)
    {
        var kind = (OutputHeadKind)code;
        int classes = kind == OutputHeadKind.SoftmaxCrossEntropy ? 2 : 1;
        byte[] names = kind == OutputHeadKind.SoftmaxCrossEntropy ? Names("a", "b") : [];

        Assert.Contains($"the label scaling (offset {offset}, scale {scale}) is impossible for a {kind} head",
            Error(Craft(1, 1, classes, names, Weights(ParameterCount(1, 1, classes)), version: 2, headBlock: HeadBlock(kind, delta, offset, scale))));
    }

    [Theory]
    [InlineData((int)OutputHeadKind.IdentitySquaredError, 0.5f)]
    [InlineData((int)OutputHeadKind.SigmoidBinaryCrossEntropy, 1f)]
    [InlineData((int)OutputHeadKind.IdentityHuber, 0f)]
    [InlineData((int)OutputHeadKind.IdentityHuber, -1f)]
    [InlineData((int)OutputHeadKind.IdentityHuber, float.NaN)]
    [InlineData((int)OutputHeadKind.IdentityHuber, float.PositiveInfinity)]
    public void AHuberThresholdOnTheWrongHeadOrNotPositiveIsRefused(int code, float delta)
        => Assert.Contains($"the Huber threshold {delta} is impossible for a {(OutputHeadKind)code} head",
            Error(Craft(1, 1, 1, [], Weights(4), version: 2, headBlock: HeadBlock((OutputHeadKind)code, delta, 0, 1))));

    [Fact]
    public void ARegressionHeadKeepsItsScalingAndThreshold()
    {
        ModelContents model = ModelDecoder.Decode(new MemoryStream(Craft(1, 1, 1, [], Weights(4), version: 2, headBlock: HeadBlock(OutputHeadKind.IdentityHuber, 0.25f, -3.5, 2))));

        Assert.Equal(OutputHeadKind.IdentityHuber, model.OutputHead.Kind);
        Assert.Equal(new TargetScaling(-3.5, 2), model.OutputHead.Scaling);
        Assert.Equal(0.25f, OutputHeads.HuberDelta(model.OutputHead));
        Assert.Empty(model.ClassNames);
    }
}
