using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.DataViews;

/// <summary>
/// Issue 14: a label mapped by MapValueToKey keeps its own type through TwoLayer, as through
/// LbfgsMaximumEntropy: MapKeyToValue gives that type back, in the trained model, after Model.Load in
/// a fresh context, and in a PredictionEngine; the annotations match the built-in trainer's.
/// </summary>
public class LabelValueTypeTests
{
    public sealed class Row<T>
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];

        public T Raw { get; set; } = default!;
    }

    public sealed class Input
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];

        /// <summary>The raw label, which MapValueToKey needs in the schema (as in ML.NET's Iris sample).</summary>
        public float Raw { get; set; }
    }

    public sealed class SinglePrediction
    {
        public float PredictedValue { get; set; }
    }

    private static readonly float[] s_singleValues = [0.5f, 2f, 7.25f];

    [Fact]
    public void SingleLabelComesBackAsSingleEverywhere()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tlnn-single-label-{Guid.NewGuid():N}.zip");
        try
        {
            var ml = new MLContext(seed: 1);
            IDataView data = ml.Data.LoadFromEnumerable(Rows(c => s_singleValues[c]));
            ITransformer model = Pipeline(ml, TwoLayer(ml)).Fit(data);
            IDataView scored = model.Transform(data);
            Assert.Equal(NumberDataViewType.Single, scored.Schema["PredictedValue"].Type);
            Assert.Equal(s_singleValues.Select(v => (double)v), DistinctPredictions(scored).Select(v => (double)v));

            var engine = ml.Model.CreatePredictionEngine<Input, SinglePrediction>(model);
            // What ML.NET's Iris sample does after training.
            VBuffer<float> keys = default;
            engine.OutputSchema["PredictedLabel"].GetKeyValues(ref keys);
            Assert.Equal(s_singleValues, keys.DenseValues().ToArray());
            Assert.Equal(7.25f, engine.Predict(new Input { Features = Features(2, 0) }).PredictedValue);

            ml.Model.Save(model, data.Schema, path);
            var fresh = new MLContext(seed: 2);
            ITransformer loaded = fresh.Model.Load(path, out _);
            IDataView reloaded = loaded.Transform(fresh.Data.LoadFromEnumerable(Rows(c => s_singleValues[c])));
            Assert.Equal(NumberDataViewType.Single, reloaded.Schema["PredictedValue"].Type);
            VBuffer<float> loadedKeys = default;
            fresh.Model.CreatePredictionEngine<Input, SinglePrediction>(loaded).OutputSchema["PredictedLabel"].GetKeyValues(ref loadedKeys);
            Assert.Equal(s_singleValues, loadedKeys.DenseValues().ToArray());
            Assert.Equal(0.5f, fresh.Model.CreatePredictionEngine<Input, SinglePrediction>(loaded).Predict(new Input { Features = Features(0, 0) }).PredictedValue);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void EveryKeyValueTypeMatchesLbfgsMaximumEntropy()
    {
        CheckAgainstLbfgs(c => s_singleValues[c]);
        CheckAgainstLbfgs(c => (double)s_singleValues[c] / 3);
        CheckAgainstLbfgs(c => new[] { "setosa", "versicolor", "virginica" }[c]);
        CheckAgainstLbfgs(c => c * 10 - 7);
        CheckAgainstLbfgs(c => (uint)c + 4);
        CheckAgainstLbfgs(c => (long)c << 40);
        CheckAgainstLbfgs(c => (ulong)c + 1);
        CheckAgainstLbfgs(c => (short)(c - 1));
        CheckAgainstLbfgs(c => (ushort)(c + 100));
        CheckAgainstLbfgs(c => (byte)(c + 1));
        CheckAgainstLbfgs(c => (sbyte)(c - 5));
        CheckAgainstLbfgs(c => new DateTime(2024, 1, 1 + c, 3, 4, 5, DateTimeKind.Utc));
        CheckAgainstLbfgs(c => TimeSpan.FromMinutes(c * 1.5));
    }

    [Fact]
    public void BooleanLabelMatchesLbfgsMaximumEntropy()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows(c => c == 1, classes: 2));
        CompareSchemas(ml, data);
    }

    /// <summary>Trains both trainers on labels of type T and compares the columns and annotations they add.</summary>
    private static void CheckAgainstLbfgs<T>(Func<int, T> valueOf)
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(Rows(valueOf));
        (IDataView ours, _) = CompareSchemas(ml, data);
        T[] expected = Enumerable.Range(0, 3).Select(valueOf).ToArray();
        Assert.Equal(expected, ours.GetColumn<T>("PredictedValue").Distinct().OrderBy(v => Array.IndexOf(expected, v)).ToArray());

        // Model.Load in a fresh context keeps the type, the values and the annotations.
        using var stream = new MemoryStream();
        ITransformer model = Pipeline(ml, TwoLayer(ml)).Fit(data);
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var fresh = new MLContext(seed: 3);
        IDataView reloaded = fresh.Model.Load(stream, out _).Transform(data);
        SchemaAssert.SameColumns(model.Transform(data).Schema, reloaded.Schema);
        Assert.Equal(ours.GetColumn<T>("PredictedValue").ToArray(), reloaded.GetColumn<T>("PredictedValue").ToArray());
    }

    private static (IDataView Ours, IDataView Theirs) CompareSchemas(MLContext ml, IDataView data)
    {
        IDataView ours = Pipeline(ml, TwoLayer(ml)).Fit(data).Transform(data);
        IDataView theirs = Pipeline(ml, ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy()).Fit(data).Transform(data);
        SchemaAssert.SameColumns(theirs.Schema, ours.Schema);

        var estimatorShape = Pipeline(ml, TwoLayer(ml)).GetOutputSchema(MlNetTwoLayer.MlNet.Interop.MlNetInternals.ShapeOf(data.Schema));
        var theirShape = Pipeline(ml, ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy()).GetOutputSchema(MlNetTwoLayer.MlNet.Interop.MlNetInternals.ShapeOf(data.Schema));
        SchemaAssert.SameShape(theirShape, estimatorShape);
        return (ours, theirs);
    }

    private static IEstimator<ITransformer> Pipeline<TTrans>(MLContext ml, IEstimator<TTrans> trainer) where TTrans : class, ITransformer
        => ml.Transforms.Conversion.MapValueToKey("Label", "Raw")
            .Append(trainer)
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedValue", "PredictedLabel"));

    private static TwoLayerTrainer TwoLayer(MLContext ml)
        => ml.MulticlassClassification.Trainers.TwoLayer(new TwoLayerTrainer.Options { HiddenUnits = 8, NumberOfEpochs = 60, LearningRate = 0.05f, Seed = 1, NumberOfThreads = 1 });

    private static float[] Features(int c, int i) => [c == 0 ? 1 : 0, c == 1 ? 1 : 0, c == 2 ? 1 : 0.05f * (i % 3)];

    private static List<Row<T>> Rows<T>(Func<int, T> valueOf, int classes = 3)
        => Enumerable.Range(0, 60).Select(i => new Row<T> { Features = Features(i % classes, i), Raw = valueOf(i % classes) }).ToList();

    private static float[] DistinctPredictions(IDataView scored) => scored.GetColumn<float>("PredictedValue").Distinct().Order().ToArray();
}
