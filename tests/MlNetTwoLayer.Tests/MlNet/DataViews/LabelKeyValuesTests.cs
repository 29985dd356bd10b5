using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Engine.Persistence;
using MlNetTwoLayer.MlNet.DataViews;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.DataViews;

/// <summary>
/// <see cref="LabelKeyValues"/>: key values of a type the model file cannot keep become their text;
/// null names and an unknown kind are refused naming the argument.
/// </summary>
public class LabelKeyValuesTests
{
    [Fact]
    public void KeyValuesOfAnUnkeepableTypeBecomeTheirText()
    {
        // Key values that are themselves keys: UInt32 underneath, but not NumberDataViewType.UInt32.
        var valueType = new VectorDataViewType(new KeyDataViewType(typeof(uint), 10), 2);
        var annotations = new DataViewSchema.Annotations.Builder();
        annotations.Add("KeyValues", valueType, (ref VBuffer<uint> dst) => dst = new VBuffer<uint>(2, [3u, 7u]));
        var builder = new DataViewSchema.Builder();
        builder.AddColumn("Label", new KeyDataViewType(typeof(uint), 2), annotations.ToAnnotations());
        LabelKeyValues values = LabelKeyValues.TryRead(builder.ToSchema()["Label"], 2)!;
        Assert.Equal(ClassLabelKind.Text, values.Kind);
        Assert.Equal(["3", "7"], values.Names);
        Assert.Null(LabelKeyValues.TryRead(builder.ToSchema()["Label"], 3));
    }

    [Fact]
    public void NullNamesAndAnUnknownKindAreRefused()
    {
        Assert.Equal("names", Assert.Throws<ArgumentNullException>(() => new LabelKeyValues(ClassLabelKind.Text, null!)).ParamName);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => LabelKeyValues.ItemTypeOf((ClassLabelKind)999));
        Assert.Equal("kind", error.ParamName);
        Assert.StartsWith("Unknown class label kind.", error.Message);
    }
}
