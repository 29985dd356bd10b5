using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.MlNet.DataViews;
using MlNetTwoLayer.MlNet.Interop;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.DataViews;

/// <summary>
/// <see cref="PredictionColumns"/>: the binary and regression output columns, as schema and as shape,
/// carry the annotations ML.NET's own binary and regression trainers set (IsNormalized on Probability
/// only; the score-set id a key), input columns of other names pass through, and each scorer in a
/// chain gets the next score-set id.
/// </summary>
public class PredictionColumnsTests
{
    private static SchemaShape InputShape(DataViewType label, params SchemaShape.Column[] extra) => new(
        new[]
        {
            MlNetInternals.CreateColumn("Features", SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false),
            MlNetInternals.CreateColumn("Label", SchemaShape.Column.VectorKind.Scalar, label, false),
        }.Concat(extra));

    private static string Describe(SchemaShape.Column c)
        => $"{c.Name}:{c.Kind}:{c.ItemType}:{c.IsKey}[{string.Join(",", c.Annotations.Select(a => $"{a.Name}:{a.Kind}:{a.ItemType}:{a.IsKey}"))}]";

    [Fact]
    public void TheBinaryShapeIsTheCalibratedBinaryTrainersAndKeepsOtherColumns()
    {
        var ml = new MLContext(seed: 1);
        SchemaShape input = InputShape(BooleanDataViewType.Instance,
            MlNetInternals.CreateColumn("Probability", SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Double, false),
            MlNetInternals.CreateColumn("Other", SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Double, false));
        SchemaShape ours = PredictionColumns.BuildShape(input, TwoLayerTask.BinaryClassification, "Label");
        SchemaShape lbfgs = ml.BinaryClassification.Trainers.LbfgsLogisticRegression().GetOutputSchema(input);
        Assert.Equal(lbfgs.Select(Describe).Order(), ours.Select(Describe).Order());
        Assert.Equal(["Features", "Label", "Other", "Score", "Probability", "PredictedLabel"], ours.Select(c => c.Name));
        string[] trainer = ["ScoreColumnSetId:Scalar:UInt32:True", "ScoreColumnKind:Scalar:String:False", "ScoreValueKind:Scalar:String:False"];
        Assert.Equal(trainer, ours.Single(c => c.Name == "Score").Annotations.Select(a => $"{a.Name}:{a.Kind}:{a.ItemType}:{a.IsKey}"));
        Assert.Equal(trainer.Append("IsNormalized:Scalar:Boolean:False"), ours.Single(c => c.Name == "Probability").Annotations.Select(a => $"{a.Name}:{a.Kind}:{a.ItemType}:{a.IsKey}"));
        Assert.Equal(trainer, ours.Single(c => c.Name == "PredictedLabel").Annotations.Select(a => $"{a.Name}:{a.Kind}:{a.ItemType}:{a.IsKey}"));
    }

    [Fact]
    public void TheRegressionShapeIsSdcasAndKeepsInputColumnsNamedLikeBinaryOutputs()
    {
        var ml = new MLContext(seed: 1);
        SchemaShape input = InputShape(NumberDataViewType.Single,
            MlNetInternals.CreateColumn("Probability", SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Double, false),
            MlNetInternals.CreateColumn("PredictedLabel", SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Double, false),
            MlNetInternals.CreateColumn("Score", SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Double, false));
        SchemaShape ours = PredictionColumns.BuildShape(input, TwoLayerTask.Regression, "Label");
        SchemaShape sdca = ml.Regression.Trainers.Sdca().GetOutputSchema(input);
        Assert.Equal(sdca.Select(Describe).Order(), ours.Select(Describe).Order());
        Assert.Equal(["Features", "Label", "Probability", "PredictedLabel", "Score"], ours.Select(c => c.Name));
        Assert.Equal(NumberDataViewType.Single, ours.Single(c => c.Name == "Score").ItemType);
    }

    private static string AnnotationNames(DataViewSchema.Column column) => string.Join(",", column.Annotations.Schema.Select(a => a.Name));

    [Fact]
    public void OnlyTheBinaryProbabilityIsNormalized()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(TaskData.Binary(24, seed: 1));
        var model = TaskData.Featurize(ml).Append(ml.BinaryClassification.Trainers.TwoLayer(new TwoLayerBinaryTrainer.Options { HiddenUnits = 2, NumberOfEpochs = 1, NumberOfThreads = 1, Seed = 1 })).Fit(data);
        DataViewSchema scored = model.Transform(data).Schema;
        Assert.Equal("ScoreColumnSetId,ScoreColumnKind,ScoreValueKind", AnnotationNames(scored["PredictedLabel"]));
        Assert.Equal("ScoreColumnSetId,ScoreColumnKind,ScoreValueKind", AnnotationNames(scored["Score"]));
        Assert.Equal("ScoreColumnSetId,ScoreColumnKind,ScoreValueKind,IsNormalized", AnnotationNames(scored["Probability"]));
    }

    [Fact]
    public void EachScorerInAChainGetsTheNextScoreSetId()
    {
        TwoLayerModelParameters model = SmallModels.Create(inputs: 3, classes: 2);
        var builder = new DataViewSchema.Builder();
        builder.AddColumn("Features", new VectorDataViewType(NumberDataViewType.Single, 3));
        DataViewSchema first = PredictionColumns.Build(builder.ToSchema(), model);
        DataViewSchema second = PredictionColumns.Build(first, model);
        DataViewSchema third = PredictionColumns.Build(second, model);
        Assert.Equal(1u, SetId(first["Score"]));
        Assert.Equal(2u, SetId(second["Score"]));
        Assert.Equal(3u, SetId(third["Score"]));
        Assert.Equal(3u, SetId(third["PredictedLabel"]));

        static uint SetId(DataViewSchema.Column column)
        {
            uint id = 0;
            column.Annotations.GetValue("ScoreColumnSetId", ref id);
            return id;
        }
    }
}
