using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Persistence;
using MlNetTwoLayer.MlNet.DataViews;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.DataViews;

/// <summary>
/// <see cref="ValidationLabels.AlignWithTraining"/>: validation labels are remapped to the training key's
/// order only when both sides carry key values; a key that cannot be matched by value is refused,
/// naming the value, the column and what to do.
/// </summary>
public class ValidationLabelsTests
{
    private const string Advice = " Map both with the same fitted MapValueToKey (fit it once, then transform both data sets with it). (Parameter 'validationData')";

    private static TrainingDataReadResult Read(string[] names, bool fromData, params int[] labels)
        => new(new DenseDataset(new float[labels.Length], labels, null, labels.Length, 1, names.Length), names, ClassLabelKind.Text,
            new long[names.Length], 1, 0, 0, 0, 0, fromData, 1, TargetScaling.Identity);

    [Fact]
    public void KeyValuesInTheOrderOfAnotherKeyAreRemapped()
    {
        TrainingDataReadResult validation = Read(["c", "a", "b"], true, 0, 1, 2, 0);
        ValidationLabels.AlignWithTraining(Read(["a", "b", "c"], true, 0), validation, "Label");
        Assert.Equal([2, 0, 1, 2], validation.Dataset!.Labels);
    }

    [Fact]
    public void WithoutKeyValuesOnBothSidesTheLabelsAreLeftAsTheyAre()
    {
        // Only the class counts can be compared (they were): "0", "1" are not values to match by.
        TrainingDataReadResult plain = Read(["0", "1"], false, 1, 0);
        ValidationLabels.AlignWithTraining(Read(["b", "a"], true, 0), plain, "Label");
        Assert.Equal([1, 0], plain.Dataset!.Labels);

        TrainingDataReadResult keyed = Read(["b", "a"], true, 1, 0);
        ValidationLabels.AlignWithTraining(Read(["0", "1"], false, 0), keyed, "Label");
        Assert.Equal([1, 0], keyed.Dataset!.Labels);
    }

    [Fact]
    public void ATrainingKeyHoldingAValueTwiceIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => ValidationLabels.AlignWithTraining(Read(["a", "a"], true, 0), Read(["a", "b"], true, 0), "Label"));
        Assert.Equal("validationData", error.ParamName);
        Assert.Equal("Label column 'Label' of the validation data does not match the training data: the training label's key holds 'a' twice, so the keys cannot be matched by value." + Advice, error.Message);
    }

    [Fact]
    public void AValidationValueTheTrainingKeyLacksIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => ValidationLabels.AlignWithTraining(Read(["a", "b"], true, 0), Read(["a", "c"], true, 0), "Label"));
        Assert.Equal("validationData", error.ParamName);
        Assert.Equal("Label column 'Label' of the validation data does not match the training data: the validation label's key holds 'c', which the training label's key does not." + Advice, error.Message);
    }

    [Fact]
    public void AValidationKeyHoldingAValueTwiceIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => ValidationLabels.AlignWithTraining(Read(["a", "b"], true, 0), Read(["b", "b"], true, 0), "Label"));
        Assert.Equal("validationData", error.ParamName);
        Assert.Equal("Label column 'Label' of the validation data does not match the training data: the validation label's key holds 'b' twice." + Advice, error.Message);
    }
}
