using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.DataViews;

/// <summary>
/// <see cref="MlNetTwoLayer.MlNet.DataViews.OutputColumnGetters"/> through a scored view's cursor: every
/// column of the view has a getter (the first included); a column of another schema, past the end or
/// of another name, is refused naming it; an inactive network column says it was not requested.
/// </summary>
public class OutputColumnGettersTests
{
    private static IDataView Scored(out HandMadeDataView input)
    {
        input = HandMadeDataView.Dense(3, [[1, 2, 3]], [2]);
        return new TwoLayerTransformer(new MLContext(seed: 1), SmallModels.Create(inputs: 3, classes: 4)).Transform(input);
    }

    [Fact]
    public void TheFirstColumnHasAGetter()
    {
        IDataView scored = Scored(out _);
        Assert.Equal(0, scored.Schema["Features"].Index);
        using DataViewRowCursor cursor = scored.GetRowCursor(scored.Schema);
        Assert.True(cursor.MoveNext());
        VBuffer<float> features = default;
        cursor.GetGetter<VBuffer<float>>(scored.Schema[0])(ref features);
        Assert.Equal([1f, 2, 3], features.DenseValues().ToArray());
    }

    [Fact]
    public void AColumnOfAnotherSchemaIsRefusedNamingIt()
    {
        IDataView scored = Scored(out _);
        var longer = new DataViewSchema.Builder();
        longer.AddColumns(scored.Schema);
        longer.AddColumn("Extra", NumberDataViewType.Single);
        longer.AddColumn("Extra2", NumberDataViewType.Single);
        var renamed = new DataViewSchema.Builder();
        renamed.AddColumn("NotFeatures", new VectorDataViewType(NumberDataViewType.Single, 3));
        DataViewSchema longerSchema = longer.ToSchema();
        using DataViewRowCursor cursor = scored.GetRowCursor(scored.Schema);
        Assert.True(cursor.MoveNext());
        foreach (DataViewSchema.Column foreign in new[] { longerSchema["Extra"], longerSchema["Extra2"], renamed.ToSchema()["NotFeatures"] })
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => cursor.GetGetter<float>(foreign));
            Assert.Equal("column", error.ParamName);
            Assert.Equal($"Column '{foreign.Name}' does not belong to this row's schema. (Parameter 'column')", error.Message);
        }
        Assert.Equal(scored.Schema.Count, longerSchema["Extra"].Index);
    }

    [Fact]
    public void ANetworkColumnNotRequestedCannotBeRead()
    {
        IDataView scored = Scored(out _);
        using DataViewRowCursor cursor = scored.GetRowCursor([scored.Schema["Features"]]);
        Assert.True(cursor.MoveNext());
        Assert.False(cursor.IsColumnActive(scored.Schema["Score"]));
        var error = Assert.Throws<InvalidOperationException>(() => cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]));
        Assert.Equal("Column 'Score' was not requested as active, so it cannot be read.", error.Message);
    }
}
