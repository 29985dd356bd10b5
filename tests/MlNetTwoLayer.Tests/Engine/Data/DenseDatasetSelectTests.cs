using Xunit;
using MlNetTwoLayer.Engine.Data;

namespace MlNetTwoLayer.Tests.Engine.Data;

/// <summary><see cref="DenseDataset.Select"/> (the hold-out split, class-weight subsets) copies exactly the chosen rows, in the order given, with everything a row carries.</summary>
public class DenseDatasetSelectTests
{
    [Fact]
    public void TheChosenRowsAreCopiedInOrderWithTheirLabelsWeightsAndTargets()
    {
        float[] features = [0, 1, 2, 10, 11, 12, 20, 21, 22, 30, 31, 32];
        var data = new DenseDataset(features, [0, 1, 2, 1], [0.5f, 1.5f, 2.5f, 3.5f], rows: 4, inputs: 3, classes: 3, targets: [-1f, -2f, -3f, -4f]);

        var selected = (DenseDataset)data.Select([3, 0, 2]);

        Assert.Equal(3, selected.Rows);
        Assert.Equal(3, selected.Inputs);
        Assert.Equal(3, selected.Classes);
        Assert.Equal([30f, 31, 32, 0, 1, 2, 20, 21, 22], selected.Features);
        Assert.Equal([1, 0, 2], selected.Labels);
        Assert.Equal([3.5f, 0.5f, 2.5f], selected.Weights!);
        Assert.Equal([-4f, -1f, -3f], selected.Targets!);
    }

    [Fact]
    public void RowsWithoutWeightsOrTargetsStayWithout()
    {
        var data = new DenseDataset([1, 2, 3, 4], [0, 1], weights: null, rows: 2, inputs: 2, classes: 2);

        var selected = (DenseDataset)data.Select([1]);

        Assert.Equal([3f, 4], selected.Features);
        Assert.Null(selected.Weights);
        Assert.Null(selected.Targets);
    }
}
