using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.MlNet.DataViews;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.DataViews;

/// <summary>
/// <see cref="TransformerRowMapper"/>: the input columns an output column needs (the feature column
/// only for a network column), and the refusal of a null row or a row of another schema.
/// </summary>
public class TransformerRowMapperTests
{
    private static readonly HandMadeDataView s_data = HandMadeDataView.Dense(3, [[1, 2, 3]], [2]);

    private static TransformerRowMapper Mapper() => new(SmallModels.Create(inputs: 3, classes: 4), "Features", s_data.Schema);

    [Fact]
    public void OnlyANetworkColumnDependsOnTheFeatureColumn()
    {
        TransformerRowMapper mapper = Mapper();
        DataViewSchema output = mapper.OutputSchema;
        Assert.Equal(["Label"], mapper.GetDependencies([output["Label"]]).Select(c => c.Name));
        Assert.Equal(["Label", "Features"], mapper.GetDependencies([output["Label"], output["Score"]]).Select(c => c.Name));
        Assert.Equal(["Features"], mapper.GetDependencies([output["Features"], output["PredictedLabel"]]).Select(c => c.Name));
        Assert.Empty(mapper.GetDependencies([]));
    }

    [Fact]
    public void ANullRowIsRefused()
    {
        TransformerRowMapper mapper = Mapper();
        var error = Assert.Throws<ArgumentNullException>(() => mapper.GetRow(null!, mapper.OutputSchema));
        Assert.Equal("input", error.ParamName);
    }

    [Fact]
    public void ARowOfAnotherSchemaIsRefused()
    {
        TransformerRowMapper mapper = Mapper();
        var other = HandMadeDataView.Dense(3, [[1, 2, 3]], [2]);
        using DataViewRowCursor cursor = other.GetRowCursor(other.Schema);
        var error = Assert.Throws<ArgumentException>(() => mapper.GetRow(cursor, mapper.OutputSchema));
        Assert.Equal("input", error.ParamName);
        Assert.Equal("The row's schema is not the schema this mapper was made for. (Parameter 'input')", error.Message);
        using DataViewRowCursor own = s_data.GetRowCursor(s_data.Schema);
        Assert.True(own.MoveNext());
        DataViewRow row = mapper.GetRow(own, mapper.OutputSchema);
        uint key = 0;
        row.GetGetter<uint>(mapper.OutputSchema["PredictedLabel"])(ref key);
        Assert.InRange(key, 1u, 4u);
    }
}
