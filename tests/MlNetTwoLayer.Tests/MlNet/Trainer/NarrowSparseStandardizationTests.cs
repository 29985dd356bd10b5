using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Engine.Data;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary>
/// One-hot tabular data (a few dozen slots, most of them zero) is standardised like dense data when
/// <c>StandardizeInputs</c> is on, because it is held dense; wide mostly-zero data is held sparse and
/// trained on as given. Before this rule, churn-like data was held sparse and lost the standardisation.
/// </summary>
public class NarrowSparseStandardizationTests
{
    public sealed class Row
    {
        public VBuffer<float> Features { get; set; }

        public float Label { get; set; }
    }

    /// <summary>Four one-hot variables of <paramref name="levels"/> levels each (density 1/levels), label from two of them.</summary>
    private static IDataView OneHotData(MLContext ml, int levels, int rows = 300)
    {
        var random = new Random(7);
        var list = new List<Row>();
        int slots = 4 * levels;
        for (int r = 0; r < rows; r++)
        {
            int[] picks = Enumerable.Range(0, 4).Select(v => v * levels + random.Next(levels)).ToArray();
            float label = (picks[0] % levels < levels / 2) ^ (picks[1] % levels < levels / 3) ? 1 : 0;
            list.Add(new Row { Features = new VBuffer<float>(slots, 4, Enumerable.Repeat(1f, 4).ToArray(), picks), Label = label });
        }
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, slots);
        return ml.Data.LoadFromEnumerable(list, schema);
    }

    private static (float[] Weights, List<string> Log) Fit(IDataView data, bool standardize)
    {
        var ml = new MLContext(seed: 1);
        var log = new List<string>();
        ml.Log += (_, e) => log.Add(e.Message);
        var options = new TwoLayerTrainer.Options { StandardizeInputs = standardize, HiddenUnits = 6, NumberOfEpochs = 3, Seed = 3, NumberOfThreads = 1 };
        TwoLayerTransformer model = new TwoLayerTrainer(ml, options).Fit(data);
        return (model.Model.GetOutputWeights().Cast<float>().ToArray(), log);
    }

    [Fact]
    public void NarrowOneHotDataIsHeldDenseAndStandardised()
    {
        IDataView data = OneHotData(new MLContext(seed: 1), levels: 12); // 48 slots, 8% non-zero
        (float[] on, List<string> onLog) = Fit(data, standardize: true);
        (float[] off, List<string> offLog) = Fit(data, standardize: false);
        Assert.Contains(onLog, m => m.Contains("(InMemory, dense, density", StringComparison.Ordinal));
        Assert.Contains(offLog, m => m.Contains("(InMemory, sparse, density", StringComparison.Ordinal));
        // Held sparse, StandardizeInputs would be ignored and the two models would be the same.
        Assert.NotEqual(on, off);
    }

    [Fact]
    public void WideMostlyZeroDataIsHeldSparseAndTrainedAsGiven()
    {
        int levels = DatasetLayout.DenseWhenStandardizingUpToInputs / 4 + 1; // just past the limit
        IDataView data = OneHotData(new MLContext(seed: 1), levels);
        (float[] on, List<string> onLog) = Fit(data, standardize: true);
        (float[] off, _) = Fit(data, standardize: false);
        Assert.Contains(onLog, m => m.Contains("(InMemory, sparse, density", StringComparison.Ordinal));
        Assert.Equal(on, off);
    }

    [Theory]
    [InlineData(0.1, 1024, true, false)]
    [InlineData(0.1, 1025, true, true)]
    [InlineData(0.1, 48, false, true)]
    [InlineData(0.3, 5000, false, false)]
    [InlineData(0.3, 5000, true, false)]
    public void TheLayoutRule(double density, int inputs, bool standardize, bool sparse)
        => Assert.Equal(sparse, DatasetLayout.PreferSparse(density, inputs, standardize));
}
