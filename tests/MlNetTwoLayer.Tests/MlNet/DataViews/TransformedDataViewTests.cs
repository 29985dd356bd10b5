using Microsoft.ML;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.DataViews;

/// <summary>
/// <see cref="MlNetTwoLayer.MlNet.DataViews.TransformedDataView"/>: its cursors dispose the input's
/// cursors, and the view refuses to be saved on its own, saying what to save instead.
/// </summary>
public class TransformedDataViewTests
{
    [Fact]
    public void DisposingACursorDisposesTheInputsCursor()
    {
        var input = HandMadeDataView.Dense(3, [[1, 2, 3], [0, 1, 0]], [0, 1]);
        IDataView scored = new TwoLayerTransformer(new MLContext(seed: 1), SmallModels.Create(inputs: 3, classes: 4)).Transform(input);
        DataViewRowCursor cursor = scored.GetRowCursor(scored.Schema);
        Assert.True(cursor.MoveNext());
        Assert.Equal((1, 0), (input.CursorsOpened, input.CursorsDisposed));
        cursor.Dispose();
        Assert.Equal((1, 1), (input.CursorsOpened, input.CursorsDisposed));
        foreach (DataViewRowCursor c in scored.GetRowCursorSet(scored.Schema, 2))
        {
            c.Dispose();
        }
        Assert.Equal(input.CursorsOpened, input.CursorsDisposed);
    }

    [Fact]
    public void TheScoredViewIsNotSavedOnItsOwn()
    {
        IDataView scored = new TwoLayerTransformer(new MLContext(seed: 1), SmallModels.Create(inputs: 3, classes: 4)).Transform(HandMadeDataView.Dense(3, [[1, 2, 3]], [0]));
        var error = Assert.Throws<NotSupportedException>(() => ((ICanSaveModel)scored).Save(null!));
        Assert.Equal("A scored view of a TwoLayerTransformer is not saved on its own: save the transformer (or the whole model) with mlContext.Model.Save.", error.Message);
    }
}
