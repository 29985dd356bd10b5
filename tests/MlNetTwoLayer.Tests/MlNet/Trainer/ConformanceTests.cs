using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary>What every ML.NET trainer is expected to pass.</summary>
public class ConformanceTests
{
    private static TwoLayerTrainer.Options FastOptions(int seed = 3) => new() { NumberOfEpochs = 30, HiddenUnits = 16, Seed = seed };

    [Fact]
    public void EstimatorOutputSchemaEqualsTheTransformersRealSchema()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = IrisData.Featurize(ml).Fit(IrisData.Load(ml)).Transform(IrisData.Load(ml));
        var trainer = ml.MulticlassClassification.Trainers.TwoLayer(FastOptions());
        SchemaShape predicted = trainer.GetOutputSchema(SchemaShapeOf(data.Schema));
        DataViewSchema real = trainer.Fit(data).GetOutputSchema(data.Schema);

        foreach (string name in new[] { "Score", "PredictedLabel" })
        {
            SchemaShape.Column shape = predicted.Single(c => c.Name == name);
            DataViewSchema.Column column = real[name];
            Assert.Equal(column.Type is VectorDataViewType ? SchemaShape.Column.VectorKind.Vector : SchemaShape.Column.VectorKind.Scalar, shape.Kind);
            Assert.Equal(column.Type is KeyDataViewType, shape.IsKey);
            Assert.Equal(ItemType(column.Type).RawType, shape.ItemType.RawType);
            Assert.Equal(
                column.Annotations.Schema.Select(a => a.Name).OrderBy(n => n),
                shape.Annotations.Select(a => a.Name).OrderBy(n => n));
            foreach (SchemaShape.Column annotation in shape.Annotations)
            {
                DataViewType type = column.Annotations.Schema[annotation.Name].Type;
                Assert.Equal(ItemType(type).RawType, annotation.ItemType.RawType);
                Assert.Equal(type is VectorDataViewType, annotation.Kind == SchemaShape.Column.VectorKind.Vector);
            }
        }
        Assert.Equal(new[] { "setosa", "versicolor", "virginica" }, SlotNames(real["Score"]));
    }

    [Fact]
    public void PredictionEngineScoresEqualTransformScores()
    {
        var ml = new MLContext(seed: 1);
        var model = IrisData.Featurize(ml).Append(ml.MulticlassClassification.Trainers.TwoLayer(FastOptions())).Fit(IrisData.Load(ml));
        float[][] viaTransform = ml.Data.CreateEnumerable<ScoreRow>(model.Transform(IrisData.Load(ml)), reuseRowObject: false).Select(r => r.Score).ToArray();
        var engine = ml.Model.CreatePredictionEngine<IrisData.Flower, ScoreRow>(model);
        List<IrisData.Flower> rows = IrisData.Rows();
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(viaTransform[i], engine.Predict(rows[i]).Score);
        }
    }

    [Fact]
    public void PermutationFeatureImportanceRuns()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = IrisData.Featurize(ml).Fit(IrisData.Load(ml)).Transform(IrisData.Load(ml));
        TwoLayerTransformer model = ml.MulticlassClassification.Trainers.TwoLayer(FastOptions()).Fit(data);
        var importance = ml.MulticlassClassification.PermutationFeatureImportance(model, data, permutationCount: 1);
        Assert.Equal(4, importance.Length);
        // Petal measurements (slots 2, 3) carry the signal on Iris; permuting them must hurt more than sepal width.
        Assert.True(importance.Skip(2).Max(m => -m.MicroAccuracy.Mean) > -importance[1].MicroAccuracy.Mean);
    }

    [Fact]
    public void SameSeedGivesIdenticalWeightsWhateverTheThreadCount()
    {
        // A shape whose products GemmEngine splits over threads, so two threads really share the work.
        var ml = new MLContext();
        IDataView data = ParallelGemmData.Load(ml);
        long parallel = 0;
        TwoLayerModelParameters Fit(int threads)
        {
            TwoLayerModelParameters? model = null;
            parallel = ParallelGemmData.ParallelProducts(() => model = new TwoLayerTrainer(ml, ParallelGemmData.Options(threads)).Fit(data).Model);
            return model!;
        }
        TwoLayerModelParameters a = Fit(1), b = Fit(1);
        Assert.Equal(0, parallel);
        TwoLayerModelParameters c = Fit(2);
        Assert.True(parallel > 0, "with two threads no product went to the worker threads");
        Assert.Equal(a.GetHiddenWeights(), b.GetHiddenWeights());
        Assert.Equal(a.GetOutputWeights(), b.GetOutputWeights());
        Assert.Equal(a.GetHiddenBiases(), c.GetHiddenBiases());
        Assert.Equal(a.GetHiddenWeights(), c.GetHiddenWeights());
        Assert.Equal(a.GetOutputBiases(), c.GetOutputBiases());
    }

    [Fact]
    public void ContextSeedMakesFitsRepeatable()
    {
        TwoLayerModelParameters Fit()
        {
            var ml = new MLContext(seed: 5);
            IDataView data = IrisData.Featurize(ml).Fit(IrisData.Load(ml)).Transform(IrisData.Load(ml));
            return ml.MulticlassClassification.Trainers.TwoLayer(numberOfEpochs: 5).Fit(data).Model;
        }
        Assert.Equal(Fit().GetHiddenWeights(), Fit().GetHiddenWeights());
    }

    [Fact]
    public void SingleLabelOfClassIndicesTrains()
    {
        var ml = new MLContext(seed: 1);
        var rows = IrisData.Rows().Select(r => new IndexedFlower { Features = r.Measurements, Label = r.Species switch { "setosa" => 0, "versicolor" => 1, _ => 2 } });
        IDataView data = ml.Transforms.NormalizeMinMax("Features").Fit(ml.Data.LoadFromEnumerable(rows)).Transform(ml.Data.LoadFromEnumerable(rows));
        TwoLayerTransformer model = ml.MulticlassClassification.Trainers.TwoLayer(FastOptions()).Fit(data);
        Assert.Equal(3, model.Model.ClassCount);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(data));
        Assert.InRange(metrics.MicroAccuracy, 0.9, 1.0);
    }

    internal static SchemaShape SchemaShapeOf(DataViewSchema schema)
        => (SchemaShape)typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)!.Invoke(null, [schema])!;

    private static DataViewType ItemType(DataViewType type) => type is VectorDataViewType v ? v.ItemType : type;

    private static string[] SlotNames(DataViewSchema.Column column)
    {
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    public sealed class ScoreRow
    {
        public float[] Score { get; set; } = [];
    }

    public sealed class IndexedFlower
    {
        [VectorType(4)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }
}
