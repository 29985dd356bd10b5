using System.Buffers.Binary;
using MlNetTwoLayer.Engine.Persistence;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Persistence;

/// <summary>Format version 2: the class label kind at offset 6, text-labelled models still written as version 1.</summary>
public class ClassLabelKindFileTests
{
    private static TwoLayerModelParameters Typed(ClassLabelKind kind, params string[] names)
    {
        TwoLayerModelParameters small = SmallModels.Create(classes: names.Length);
        return new TwoLayerModelParameters(small.Parameters, names, small.Activation, head: null, labelKind: kind);
    }

    [Fact]
    public void TypedLabelsSaveAsVersion2AndLoadBackWithTheirType()
    {
        TwoLayerModelParameters model = Typed(ClassLabelKind.Single, "0.5", "2", "7.25", "-1E-05");
        byte[] file = SmallModels.Bytes(model);

        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(4)));
        Assert.Equal((ushort)ClassLabelKind.Single, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(6)));
        TwoLayerModelParameters loaded = TwoLayerModelParameters.Load(new MemoryStream(file));
        Assert.Equal(typeof(float), loaded.ClassLabelType);
        Assert.Equal(model.ClassNames, loaded.ClassNames);
        Assert.Equal([0.5f, 2f, 7.25f, -1e-5f], loaded.GetClassLabelValues().Cast<float>());
    }

    [Fact]
    public void TextLabelsKeepVersion1SoOlderReadersStillLoadThem()
    {
        byte[] file = SmallModels.Bytes(SmallModels.Create());

        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(4)));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(6)));
        Assert.Equal(typeof(string), TwoLayerModelParameters.Load(new MemoryStream(file)).ClassLabelType);
    }

    [Fact]
    public void Version1WithANonZeroReservedFieldIsDamage()
    {
        byte[] file = SmallModels.Bytes(SmallModels.Create());
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(6), (ushort)ClassLabelKind.Single);
        SmallModels.Reseal(file);

        var error = Assert.Throws<InvalidDataException>(() => TwoLayerModelParameters.Load(new MemoryStream(file)));
        Assert.Contains("reserved header field", error.Message);
    }

    [Fact]
    public void UnknownLabelKindIsRejected()
    {
        byte[] file = SmallModels.Bytes(Typed(ClassLabelKind.Int32, "1", "2"));
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(6), 999);
        SmallModels.Reseal(file);

        var error = Assert.Throws<InvalidDataException>(() => TwoLayerModelParameters.Load(new MemoryStream(file)));
        Assert.Contains("class label kind code 999", error.Message);
    }

    [Fact]
    public void ANameThatIsNotAValueOfTheKindIsRejected()
    {
        // Int32 labels "1" and "2", relabelled Boolean: "1" is no Boolean.
        byte[] file = SmallModels.Bytes(Typed(ClassLabelKind.Int32, "1", "2"));
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(6), (ushort)ClassLabelKind.Boolean);
        SmallModels.Reseal(file);

        var error = Assert.Throws<InvalidDataException>(() => TwoLayerModelParameters.Load(new MemoryStream(file)));
        Assert.Contains("class name 0 ('1') is not a Boolean value", error.Message);
    }

    [Theory]
    [InlineData((int)ClassLabelKind.Single, "0.10")]
    [InlineData((int)ClassLabelKind.Int32, "+3")]
    [InlineData((int)ClassLabelKind.Boolean, "true")]
    public void ConstructorRejectsNonCanonicalText(int kind, string name)
    {
        var error = Assert.Throws<ArgumentException>(() => Typed((ClassLabelKind)kind, name, "False"));
        Assert.Contains($"Class name 0 ('{name}') is not the canonical text", error.Message);
    }

    [Fact]
    public void EveryKindRoundTripsThroughItsCanonicalText()
    {
        object[] values = [1.5f, 0.1, true, (sbyte)-3, (byte)200, (short)-300, (ushort)60000, -7, 4000000000u, -5L << 40, ulong.MaxValue,
            new DateTime(2024, 2, 29, 1, 2, 3, DateTimeKind.Utc), TimeSpan.FromMilliseconds(1234.5), new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)), "text"];
        foreach (object value in values)
        {
            Assert.True(ClassLabelText.TryGetKind(value.GetType(), out ClassLabelKind kind) || value is string);
            Assert.Equal(value, ClassLabelText.Parse(kind, ClassLabelText.Format(value)));
        }
    }
}
