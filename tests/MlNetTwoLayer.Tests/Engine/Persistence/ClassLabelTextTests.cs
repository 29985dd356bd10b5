using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Persistence;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Persistence;

/// <summary>Class label text: the kinds' types, the canonical spellings, and the errors for what is not one.</summary>
public class ClassLabelTextTests
{
    [Fact]
    public void ATypeWithoutAKindIsKeptAsText()
    {
        Assert.True(ClassLabelText.TryGetKind(typeof(float), out ClassLabelKind single));
        Assert.False(ClassLabelText.TryGetKind(typeof(Guid), out ClassLabelKind other));

        Assert.Equal(ClassLabelKind.Single, single);
        Assert.Equal(ClassLabelKind.Text, other);
        Assert.Contains("Unknown class label kind", Assert.Throws<ArgumentOutOfRangeException>(() => ClassLabelText.ClrType((ClassLabelKind)99)).Message);
    }

    [Fact]
    public void BooleansAreSpelledAsDotNetSpellsThem()
    {
        Assert.Equal("True", ClassLabelText.Format(true));
        Assert.Equal("False", ClassLabelText.Format(false));
        Assert.Equal(false, ClassLabelText.Parse(ClassLabelKind.Boolean, "False"));
        Assert.False(ClassLabelText.IsCanonical(ClassLabelKind.Boolean, "false"));
    }

    [Fact]
    public void WhatIsNotACanonicalLabelSaysWhatItShouldBe()
    {
        Assert.Equal("text", Assert.Throws<ArgumentNullException>(() => ClassLabelText.Parse(ClassLabelKind.Single, null!)).ParamName);
        Assert.Contains("'2.50' is not the canonical text of a Single class label (that would be '2.5')",
            Assert.Throws<FormatException>(() => ClassLabelText.Parse(ClassLabelKind.Single, "2.50")).Message);
        Assert.Contains("Unknown class label kind 99", Assert.Throws<FormatException>(() => ClassLabelText.Parse((ClassLabelKind)99, "x")).Message);
        Assert.Contains("Class labels of type Object are not supported", Assert.Throws<ArgumentException>(() => ClassLabelText.Format(new object())).Message);
        Assert.Throws<ArgumentNullException>(() => ClassLabelText.Format(null!));
    }

    [Fact]
    public void TheEncoderNamesAClassNameThatUtf8CannotHold()
    {
        // ModelContents itself does not check its names (the faces do); the encoder refuses rather than write U+FFFD.
        var contents = new ModelContents(new NetworkParameters(new NetworkShape(1, 1, 2)), ["fine", "bad" + (char)0xD800], HiddenActivation.Relu);

        Assert.Contains("Class name 1 is not valid Unicode text", Assert.Throws<ArgumentException>(() => ModelEncoder.Encode(contents)).Message);
    }
}
