using System.Buffers.Binary;
using Xunit;
using MlNetTwoLayer.Engine.Persistence;
using MlNetTwoLayer.Tests.Helpers;

namespace MlNetTwoLayer.Tests.Engine.Persistence;

public class ModelFileTests
{
    private readonly TwoLayerModelParameters _model = SmallModels.Create();

    [Fact]
    public void Crc32MatchesTheStandardCheckValue()
        => Assert.Equal(0xCBF43926u, System.IO.Hashing.Crc32.HashToUInt32("123456789"u8)); // the zip/IEEE CRC the format names

    [Fact]
    public void SaveThenLoadGivesTheSameModelBitForBit()
    {
        using var stream = new MemoryStream();
        _model.Save(stream);
        stream.Position = 0;

        TwoLayerModelParameters loaded = TwoLayerModelParameters.Load(stream);

        Assert.Equal(stream.Length, stream.Position);
        Assert.Equal((_model.InputCount, _model.HiddenCount, _model.ClassCount, _model.Activation), (loaded.InputCount, loaded.HiddenCount, loaded.ClassCount, loaded.Activation));
        Assert.Equal(_model.ClassNames, loaded.ClassNames);
        Assert.Equal(_model.Parameters.Values.Select(BitConverter.SingleToInt32Bits), loaded.Parameters.Values.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void LoadReadsFromANonSeekableStreamAndStopsAtTheModelsEnd()
    {
        byte[] file = SmallModels.Bytes(_model);
        byte[] twice = [.. file, .. file];
        using var stream = new ForwardOnlyStream(twice);

        TwoLayerModelParameters first = TwoLayerModelParameters.Load(stream);
        TwoLayerModelParameters second = TwoLayerModelParameters.Load(stream);

        Assert.Equal(_model.ClassNames, first.ClassNames);
        Assert.Equal(SmallModels.ScoreProbe(_model), SmallModels.ScoreProbe(second));
    }

    [Fact]
    public void LayoutStartsWithMagicAndVersion()
    {
        byte[] file = SmallModels.Bytes(_model);

        Assert.Equal("TLNN"u8.ToArray(), file[..4]);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(4)));
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(8)));
        Assert.Equal(5, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(12)));
        Assert.Equal(4, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(16)));
        Assert.Equal((int)HiddenActivation.Tanh, BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(20)));
        Assert.Equal(3 * 5 + 5 + 5 * 4 + 4, BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(28)));
    }

    [Fact]
    public void EveryTruncationIsReportedAsTruncated()
    {
        byte[] file = SmallModels.Bytes(_model);
        for (int length = 0; length < file.Length; length++)
        {
            var error = Assert.Throws<InvalidDataException>(() => TwoLayerModelParameters.Load(new MemoryStream(file, 0, length)));
            Assert.Contains("truncated", error.Message);
            var forwardOnly = Assert.Throws<InvalidDataException>(() => TwoLayerModelParameters.Load(new ForwardOnlyStream(file[..length])));
            Assert.Contains("truncated", forwardOnly.Message);
        }
    }

    [Fact]
    public void FlippedByteFailsTheChecksum()
    {
        byte[] file = SmallModels.Bytes(_model);
        file[^20] ^= 0x01;

        var error = Assert.Throws<InvalidDataException>(() => TwoLayerModelParameters.Load(new MemoryStream(file)));

        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public void WrongMagicNumberSaysItIsNotAModelFile()
    {
        byte[] file = SmallModels.Bytes(_model);
        file[0] = (byte)'P';

        var error = Assert.Throws<InvalidDataException>(() => TwoLayerModelParameters.Load(new MemoryStream(file)));

        Assert.Contains("not a MlNetTwoLayer model file", error.Message);
    }

    [Fact]
    public void NewerFormatVersionSaysSo()
    {
        byte[] file = SmallModels.Bytes(_model);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(4), ModelFormat.CurrentVersion + 1);
        SmallModels.Reseal(file);

        var error = Assert.Throws<InvalidDataException>(() => TwoLayerModelParameters.Load(new MemoryStream(file)));

        Assert.Contains($"format version {ModelFormat.CurrentVersion + 1}, newer than the version {ModelFormat.CurrentVersion}", error.Message);
    }

    [Theory]
    [InlineData(8, 4)] // one input more than the weights that follow
    [InlineData(12, 4)] // one hidden unit fewer
    [InlineData(16, 5)] // one class more
    public void DimensionsThatDoNotMatchTheDataAreRejected(int offset, int value)
    {
        byte[] file = SmallModels.PatchInt32(SmallModels.Bytes(_model), offset, value);

        var error = Assert.Throws<InvalidDataException>(() => TwoLayerModelParameters.Load(new MemoryStream(file)));

        Assert.Contains("do not match the 44 weights the file says follow", error.Message);
    }

    [Theory]
    [InlineData(8, int.MaxValue)]
    [InlineData(12, int.MaxValue)]
    [InlineData(16, int.MaxValue)]
    [InlineData(8, 0)]
    [InlineData(16, -3)]
    public void AbsurdDimensionsAreRejectedBeforeAllocating(int offset, int value)
    {
        byte[] file = SmallModels.PatchInt32(SmallModels.Bytes(_model), offset, value);
        long before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<InvalidDataException>(() => TwoLayerModelParameters.Load(new MemoryStream(file)));

        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1 << 20);
        Assert.Contains("dimensions", error.Message);
    }

    [Fact]
    public void LargeConsistentDimensionsAreCheckedAgainstTheBytesPresent()
    {
        // Dimensions and weight count agree with each other but not with the file: nothing large may be allocated.
        byte[] file = SmallModels.Bytes(_model);
        const int Inputs = 20_000, Hidden = 20_000;
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(8), Inputs);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(12), Hidden);
        BinaryPrimitives.WriteInt64LittleEndian(file.AsSpan(28), (long)Inputs * Hidden + Hidden + Hidden * 4L + 4);
        long before = GC.GetAllocatedBytesForCurrentThread();

        var seekable = Assert.Throws<InvalidDataException>(() => TwoLayerModelParameters.Load(new MemoryStream(file)));
        var forwardOnly = Assert.Throws<InvalidDataException>(() => TwoLayerModelParameters.Load(new ForwardOnlyStream(file)));

        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 4 << 20);
        Assert.Contains("truncated", seekable.Message);
        Assert.Contains("truncated", forwardOnly.Message);
    }

    [Fact]
    public void NonFiniteWeightIsRejected()
    {
        byte[] file = SmallModels.Bytes(_model);
        BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan(file.Length - 8), float.NaN);
        SmallModels.Reseal(file);

        var error = Assert.Throws<InvalidDataException>(() => TwoLayerModelParameters.Load(new MemoryStream(file)));

        Assert.Contains("not a finite number", error.Message);
    }

    [Fact]
    public void UnknownActivationIsRejected()
    {
        byte[] file = SmallModels.PatchInt32(SmallModels.Bytes(_model), 20, 42);

        var error = Assert.Throws<InvalidDataException>(() => TwoLayerModelParameters.Load(new MemoryStream(file)));

        Assert.Contains("activation code 42", error.Message);
    }

    /// <summary>A stream that cannot seek or report its length, like a network stream.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => base.Position; set => throw new NotSupportedException(); }
    }
}
