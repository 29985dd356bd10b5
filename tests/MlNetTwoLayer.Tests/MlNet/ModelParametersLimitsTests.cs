using Xunit;

namespace MlNetTwoLayer.Tests.MlNet;

/// <summary>
/// The limits a <see cref="TwoLayerModelParameters"/> enforces so that every model can be saved (the class
/// count and a class name's UTF-8 length), checked on both sides of each limit, with messages that say
/// which class name is wrong.
/// </summary>
public class ModelParametersLimitsTests
{
    private const int MaxClasses = 1 << 20, MaxClassNameBytes = 1 << 16;

    private static TwoLayerModelParameters WithClasses(int classes, IReadOnlyList<string>? names = null)
        => new(new float[1, 1] { { 1 } }, [0], new float[1, classes], new float[classes], names, HiddenActivation.Relu);

    [Fact]
    public void TheMostClassesAModelFileHoldsAreAcceptedAndOneMoreIsRefused()
    {
        Assert.Equal(MaxClasses, WithClasses(MaxClasses).ClassCount);
        var error = Assert.Throws<ArgumentException>(() => WithClasses(MaxClasses + 1));
        Assert.Equal("parameters", error.ParamName);
        Assert.StartsWith($"The model has {MaxClasses + 1} classes; at most {MaxClasses} are supported (a model must stay savable).", error.Message);
    }

    [Fact]
    public void AClassNameOfTheMostUtf8BytesIsAcceptedAndOneByteMoreIsRefusedByIndex()
    {
        string longest = new string('x', MaxClassNameBytes - 2) + "é"; // two bytes for the last character
        Assert.Equal(longest, WithClasses(2, ["a", longest]).ClassNames[1]);

        var error = Assert.Throws<ArgumentException>(() => WithClasses(2, ["a", longest + "x"]));
        Assert.Equal("classNames", error.ParamName);
        Assert.StartsWith($"Class name 1 takes {MaxClassNameBytes + 1} UTF-8 bytes; at most {MaxClassNameBytes} are supported.", error.Message);
    }

    [Fact]
    public void AClassNameWithALoneSurrogateIsRefusedByIndex()
    {
        var error = Assert.Throws<ArgumentException>(() => WithClasses(3, ["a", "b", "c\udc00"]));
        Assert.Equal("classNames", error.ParamName);
        Assert.StartsWith("Class name 2 is not valid Unicode text: it has a lone surrogate (U+DC00) at index 1", error.Message);
    }
}
