using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Engine.Persistence;
using MlNetTwoLayer.MlNet.DataViews;
using MlNetTwoLayer.MlNet.Interop;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.DataViews;

/// <summary>
/// <see cref="ColumnChecks"/> for the binary and regression labels, on a schema and on the estimator's
/// shape: each refusal's parameter name and whole message (the column, what it is, what to do).
/// </summary>
public class ColumnChecksTests
{
    private const string BooleanAdvice = " Make one with mlContext.Transforms.Conversion.ConvertType(\"Label\", outputKind: DataKind.Boolean) or a CustomMapping (for example label > 0).";
    private const string SingleAdvice = " Convert it with mlContext.Transforms.Conversion.ConvertType(\"Label\", outputKind: DataKind.Single).";

    private static DataViewSchema Schema(DataViewType label)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn("Features", new VectorDataViewType(NumberDataViewType.Single, 2));
        builder.AddColumn("Label", label);
        return builder.ToSchema();
    }

    private static SchemaShape Shape(SchemaShape.Column.VectorKind kind, DataViewType label, bool isKey = false) => new(
    [
        MlNetInternals.CreateColumn("Features", SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false),
        MlNetInternals.CreateColumn("Label", kind, label, isKey),
    ]);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AMissingLabelColumnIsNamedWithTheOptionToSet(bool binary)
    {
        LabelKind kind = binary ? LabelKind.Boolean : LabelKind.Real;
        const string Message = "The label column 'Nope' was not found in the data (columns: Features, Label). Set TwoLayerTrainer.Options.LabelColumnName to the right name or add the column to the pipeline.";
        var onSchema = Assert.Throws<ArgumentOutOfRangeException>(() => ColumnChecks.CheckLabel(Schema(BooleanDataViewType.Instance), "Nope", kind));
        Assert.Equal("schema", onSchema.ParamName);
        Assert.Equal(Message + " (Parameter 'schema')", onSchema.Message);
        var onShape = Assert.Throws<ArgumentOutOfRangeException>(() => ColumnChecks.CheckLabel(Shape(SchemaShape.Column.VectorKind.Scalar, BooleanDataViewType.Instance), "Nope", kind));
        Assert.Equal("shape", onShape.ParamName);
        Assert.Equal(Message + " (Parameter 'shape')", onShape.Message);
    }

    [Fact]
    public void ABinaryLabelOfAnotherTypeIsNamedWithItsTypeAndTheConversion()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ColumnChecks.CheckLabel(Schema(NumberDataViewType.Single), "Label", LabelKind.Boolean));
        Assert.Equal("schema", error.ParamName);
        Assert.Equal("Label column 'Label' is Single, but a binary classifier needs a Boolean label, as ML.NET's binary trainers do." + BooleanAdvice + " (Parameter 'schema')", error.Message);
    }

    [Fact]
    public void OnlyABinaryLabelHasTwoKeysWorthOfClasses()
    {
        Assert.Equal(2, ColumnChecks.CheckLabel(Schema(BooleanDataViewType.Instance), "Label", LabelKind.Boolean).KeyCount);
        LabelColumnInfo real = ColumnChecks.CheckLabel(Schema(NumberDataViewType.Single), "Label", LabelKind.Real);
        Assert.Equal(0, real.KeyCount);
        Assert.False(real.IsKey);
    }

    [Fact]
    public void AKeyOfMoreValuesThanAModelHoldsIsRefused()
    {
        ulong count = (ulong)ModelFormat.MaxClasses + 1;
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ColumnChecks.CheckLabel(Schema(new KeyDataViewType(typeof(uint), count)), "Label"));
        Assert.Equal("schema", error.ParamName);
        Assert.Equal($"Label column 'Label' is a key with {count} values; the network needs a key of known count between 1 and {ModelFormat.MaxClasses}. " +
            "Make it with mlContext.Transforms.Conversion.MapValueToKey(\"Label\"). (Parameter 'schema')", error.Message);
        Assert.Equal(ModelFormat.MaxClasses, ColumnChecks.CheckLabel(Schema(new KeyDataViewType(typeof(uint), ModelFormat.MaxClasses)), "Label").KeyCount);
    }

    [Fact]
    public void OnTheShapeABooleanVectorIsNotABinaryLabel()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ColumnChecks.CheckLabel(Shape(SchemaShape.Column.VectorKind.Vector, BooleanDataViewType.Instance), "Label", LabelKind.Boolean));
        Assert.Equal("shape", error.ParamName);
        Assert.Equal("Label column 'Label' is a vector of Boolean, but a binary classifier needs a Boolean label, as ML.NET's binary trainers do." + BooleanAdvice + " (Parameter 'shape')", error.Message);
        ColumnChecks.CheckLabel(Shape(SchemaShape.Column.VectorKind.Scalar, BooleanDataViewType.Instance), "Label", LabelKind.Boolean);
    }

    [Fact]
    public void OnTheShapeAKeyAndAVectorOfUnknownSizeAreDescribedAsSuch()
    {
        var key = Assert.Throws<ArgumentOutOfRangeException>(() => ColumnChecks.CheckLabel(Shape(SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.UInt32, isKey: true), "Label", LabelKind.Real));
        Assert.Equal("Label column 'Label' is a key of UInt32, but a regression trainer needs a Single label." + SingleAdvice + " (Parameter 'shape')", key.Message);
        var variable = Assert.Throws<ArgumentOutOfRangeException>(() => ColumnChecks.CheckLabel(Shape(SchemaShape.Column.VectorKind.VariableVector, NumberDataViewType.Single), "Label", LabelKind.Real));
        Assert.Equal("Label column 'Label' is a vector of unknown size of Single, but a regression trainer needs a Single label." + SingleAdvice + " (Parameter 'shape')", variable.Message);
    }
}
