using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.MlNet.DataViews;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary>
/// Sparse rows of an ML.NET cache are kept as positions in it, not copied, and train the model a copy
/// trains, bit for bit, skipped rows, explicit zeros, dense-stored vectors and the hold-out split included.
/// </summary>
public class CachedSparseTrainingTests
{
    private const int Slots = 300;

    public sealed class Row
    {
        public string Topic { get; set; } = "";

        [VectorType(Slots)]
        public VBuffer<float> Features { get; set; }
    }

    private static IDataView Rows(MLContext ml)
    {
        var random = new Random(4);
        var rows = new List<Row>();
        for (int i = 0; i < 160; i++)
        {
            int topic = i % 3;
            var indices = new SortedSet<int> { topic * 10 + random.Next(10), 100 + random.Next(200), 100 + random.Next(200) };
            int[] idx = indices.ToArray();
            float[] values = idx.Select(_ => (float)(0.5 + random.NextDouble())).ToArray();
            if (i % 11 == 0)
            {
                values[^1] = 0; // an explicit zero
            }
            if (i % 37 == 5)
            {
                values[0] = float.NaN; // skipped, so view positions and row numbers part ways
            }
            VBuffer<float> features = new(Slots, idx.Length, values, idx);
            if (i % 13 == 0)
            {
                var dense = new float[Slots];
                features.CopyTo(dense);
                features = new VBuffer<float>(Slots, dense); // stored dense, read as its non-zeros
            }
            rows.Add(new Row { Topic = "t" + topic, Features = features });
        }
        return ml.Transforms.Conversion.MapValueToKey("Label", nameof(Row.Topic)).Fit(ml.Data.LoadFromEnumerable(rows)).Transform(ml.Data.LoadFromEnumerable(rows));
    }

    [Fact]
    public void ACachedViewIsReadByPositionAndTrainsTheModelACopyTrains()
    {
        var ml = new MLContext(seed: 1);
        IDataView plain = Rows(ml);
        IDataView cached = ml.Data.Cache(plain);

        TrainingDataReadResult copied = TrainingDataReader.Read(plain, "Features", "Label", null, null);
        TrainingDataReadResult positions = TrainingDataReader.Read(cached, "Features", "Label", null, null);
        var copy = Assert.IsType<SparseDataset>(copied.Dataset);
        var fromCache = Assert.IsType<SparseDataset>(positions.Dataset);
        Assert.False(copy.ReadsFromSource);
        Assert.True(fromCache.ReadsFromSource);
        Assert.True(copy.Rows < 160, "some rows are skipped");
        Assert.Equal(copy.Rows, fromCache.Rows);
        Assert.Equal(copy.StoredValues, fromCache.StoredValues);
        ((IDisposable)fromCache.Source!).Dispose();

        var options = new TwoLayerTrainer.Options
        {
            HiddenUnits = 6, NumberOfEpochs = 8, BatchSize = 7, ValidationFraction = 0.25, Patience = 2, Seed = 2, NumberOfThreads = 1,
            // Inputs this narrow are standardised into a dense copy by default; off, the fit reads the sparse rows (from the cache).
            StandardizeInputs = false,
        };
        TwoLayerTransformer a = ml.MulticlassClassification.Trainers.TwoLayer(options).Fit(plain);
        TwoLayerTransformer b = ml.MulticlassClassification.Trainers.TwoLayer(options).Fit(cached);
        Assert.Equal(a.History!.ValidationLoss, b.History!.ValidationLoss);
        Assert.Equal(a.Model.GetHiddenWeights(), b.Model.GetHiddenWeights());
        Assert.Equal(a.Model.GetOutputWeights(), b.Model.GetOutputWeights());
        Assert.Equal(a.Model.GetHiddenBiases(), b.Model.GetHiddenBiases());
        Assert.Equal(a.Model.GetOutputBiases(), b.Model.GetOutputBiases());
        Assert.InRange(ml.MulticlassClassification.Evaluate(b.Transform(cached)).MicroAccuracy, 0.8, 1.0);
    }
}
