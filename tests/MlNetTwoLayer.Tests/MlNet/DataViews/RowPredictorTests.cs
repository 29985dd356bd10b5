using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.DataViews;

/// <summary>
/// <see cref="MlNetTwoLayer.MlNet.DataViews.RowPredictor"/> through a scored view: each row scored once
/// whatever columns are read, the first row read need not be row 0, ties go to the first class (as
/// ML.NET's argmax), a row that breaks the schema is named, and a sparse row whose float sums
/// overflow scores finitely, as a dense one does.
/// </summary>
public class RowPredictorTests
{
    private static HandMadeDataView Rows(params float[][] rows) => HandMadeDataView.Dense(3, rows, rows.Select(_ => 0f).ToArray());

    private static float[] Score(DataViewRowCursor cursor)
    {
        VBuffer<float> score = default;
        cursor.GetGetter<VBuffer<float>>(cursor.Schema["Score"])(ref score);
        return score.DenseValues().ToArray();
    }

    [Fact]
    public void EachRowIsScoredOnceWhateverColumnsAreRead()
    {
        var ml = new MLContext(seed: 1);
        var data = Rows([1, 2, 3], [-1, 0, 2]);
        IDataView scored = new TwoLayerTransformer(ml, SmallModels.Create(inputs: 3, classes: 4)).Transform(data);
        using DataViewRowCursor cursor = scored.GetRowCursor(scored.Schema);
        var predicted = cursor.GetGetter<uint>(scored.Schema["PredictedLabel"]);
        int rows = 0;
        while (cursor.MoveNext())
        {
            uint key = 0;
            predicted(ref key);
            float[] score = Score(cursor);
            Assert.Equal((uint)(Array.IndexOf(score, score.Max()) + 1), key);
            predicted(ref key);
            rows++;
        }
        Assert.Equal(2, rows);
        Assert.Equal(2, data.FeatureReads);
    }

    [Fact]
    public void TheFirstRowReadMayBeAnyRow()
    {
        var ml = new MLContext(seed: 1);
        var transformer = new TwoLayerTransformer(ml, SmallModels.Create(inputs: 3, classes: 4));
        IDataView scored = transformer.Transform(Rows([1, 2, 3], [-1, 0, 2], [0.5f, 0.5f, -2]));
        float[][] all = [.. scored.GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray())];
        Assert.All(all, s => Assert.Equal(1f, s.Sum(), 5));
        for (int first = 1; first < 3; first++)
        {
            using DataViewRowCursor cursor = scored.GetRowCursor(scored.Schema);
            for (int r = 0; r <= first; r++)
            {
                Assert.True(cursor.MoveNext());
            }
            Assert.Equal(all[first], Score(cursor));
        }
    }

    [Fact]
    public void TiedProbabilitiesPredictTheFirstClass()
    {
        var ml = new MLContext(seed: 1);
        // Every weight zero: every class has probability 1/3.
        var model = new TwoLayerModelParameters(new float[3, 2], new float[2], new float[2, 3], new float[3]);
        IDataView scored = new TwoLayerTransformer(ml, model).Transform(Rows([1, 2, 3]));
        Assert.Equal([1u], scored.GetColumn<uint>("PredictedLabel").ToArray());
        Assert.Equal([1f / 3, 1f / 3, 1f / 3], scored.GetColumn<VBuffer<float>>("Score").Single().DenseValues().ToArray());
    }

    [Fact]
    public void ARowOfAnotherLengthThanTheModelsInputsIsRefused()
    {
        var ml = new MLContext(seed: 1);
        var data = new HandMadeDataView(3, NumberDataViewType.Single, [new VBuffer<float>(2, [1f, 2])], [0f]);
        IDataView scored = new TwoLayerTransformer(ml, SmallModels.Create(inputs: 3, classes: 4)).Transform(data);
        using DataViewRowCursor cursor = scored.GetRowCursor(scored.Schema);
        Assert.True(cursor.MoveNext());
        var error = Assert.Throws<InvalidOperationException>(() => Score(cursor));
        Assert.Equal("A row has 2 features, but the model was trained on 3.", error.Message);
    }

    [Fact]
    public void ASparseRowWhoseFloatSumsOverflowScoresAsTheDenseRow()
    {
        // x = [0, 1, 0]: the float sum 2e38 + 2e38 overflows, the exact raw scores are 2 and -2.
        var p = new NetworkParameters(new NetworkShape(3, 2, 2));
        float[] w1 = [0, 0, 2e38f, 2e38f, 0, 0];
        w1.CopyTo(p.W1);
        float[] b1 = [2e38f, 0];
        b1.CopyTo(p.B1);
        float[] w2 = [1e-38f, -1e-38f, -1e-38f, 1e-38f];
        w2.CopyTo(p.W2);
        var model = new TwoLayerModelParameters(p, null, HiddenActivation.Relu, SoftmaxCrossEntropyHead.Instance);
        var ml = new MLContext(seed: 1);
        var data = new HandMadeDataView(3, NumberDataViewType.Single, [new VBuffer<float>(3, [0f, 1, 0]), new VBuffer<float>(3, 1, [1f], [1])], [0f, 0f]);
        float[][] scores = [.. new TwoLayerTransformer(ml, model).Transform(data).GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray())];
        double expected = 1 / (1 + Math.Exp(-4));
        Assert.Equal(expected, scores[0][0], 6);
        Assert.Equal(scores[0], scores[1]);
    }

    [Fact]
    public void ASparseRowIsScoredFromItsNonZeros()
    {
        // The sparse kernel sums W1's rows of the non-zeros; the dense product sums every input in
        // another order, so the two differ in the last bits: a sparse row gets the sparse kernel's scores.
        const int Inputs = 200;
        TwoLayerModelParameters model = SmallModels.Create(inputs: Inputs, hidden: 37, classes: 5);
        var random = new Random(5);
        var rows = new List<VBuffer<float>>();
        for (int r = 0; r < 20; r++)
        {
            int[] indices = Enumerable.Range(0, Inputs).Where(_ => random.NextDouble() < 0.1).ToArray();
            rows.Add(new VBuffer<float>(Inputs, indices.Length, indices.Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray(), indices));
        }
        var data = new HandMadeDataView(Inputs, NumberDataViewType.Single, rows, rows.Select(_ => (object)0f));
        float[][] scored = [.. new TwoLayerTransformer(new MLContext(seed: 1), model).Transform(data).GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray())];
        int denseDiffers = 0;
        for (int r = 0; r < rows.Count; r++)
        {
            float[] hidden = new float[model.HiddenCount], expected = new float[model.ClassCount], dense = new float[model.ClassCount];
            SingleRowScorer.ScoreSparseRaw(model.Parameters, model.Activation, rows[r].GetIndices(), rows[r].GetValues(), hidden, expected);
            model.Head.Predict(expected, 1, expected.Length);
            Assert.Equal(expected, scored[r]);
            SingleRowScorer.Score(model.Parameters, model.Activation, model.Head, rows[r].DenseValues().ToArray(), hidden, dense);
            denseDiffers += dense.SequenceEqual(expected) ? 0 : 1;
        }
        Assert.True(denseDiffers > 0, "the dense route gives other bits for some row, so this test can tell the routes apart");
    }
}
