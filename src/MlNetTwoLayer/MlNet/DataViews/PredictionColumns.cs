using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.MlNet.Interop;
using MlNetTwoLayer.Engine.Persistence;

namespace MlNetTwoLayer.MlNet.DataViews;

/// <summary>
/// The columns the network adds, with the annotations ML.NET's own trainers of the same task set,
/// built both as a real schema (transformer) and as a <see cref="SchemaShape"/> (estimator) so the
/// two agree: multiclass <c>PredictedLabel</c> (a key) then <c>Score</c> (one probability per class), ML.NET's order,
/// with the label's key values in their own type (<see cref="LabelKeyValues"/>; <c>SlotNames</c> only for text);
/// binary <c>PredictedLabel</c> (Boolean), <c>Score</c> (the margin) and <c>Probability</c>, as a
/// calibrated binary trainer orders them (its estimator's shape lists Score, Probability, PredictedLabel, and so does ours);
/// regression <c>Score</c>.
/// </summary>
internal static class PredictionColumns
{
    /// <summary>Where PredictedLabel sits after the input columns.</summary>
    public const int PredictedLabelOffset = 0;

    /// <summary>Where Score sits after the input columns.</summary>
    public const int ScoreOffset = 1;

    private static readonly KeyDataViewType s_scoreSetIdType = new(typeof(uint), int.MaxValue);

    /// <summary>The output columns of <paramref name="task"/>, in order, as the scoring code numbers them.</summary>
    public static OutputColumn[] Columns(TwoLayerTask task) => task switch
    {
        TwoLayerTask.BinaryClassification => [OutputColumn.PredictedBoolean, OutputColumn.Margin, OutputColumn.Probability],
        TwoLayerTask.Regression => [OutputColumn.Value],
        _ => [OutputColumn.PredictedKey, OutputColumn.ClassProbabilities],
    };

    /// <summary>The input schema plus the model's output columns (hiding input columns of those names).</summary>
    public static DataViewSchema Build(DataViewSchema input, TwoLayerModelParameters model)
    {
        if (model.Task == TwoLayerTask.MulticlassClassification)
        {
            return BuildMulticlass(input, model);
        }
        uint setId = NextScoreSetId(input);
        string kind = model.Task == TwoLayerTask.BinaryClassification ? AnnotationNames.BinaryClassification : AnnotationNames.Regression;
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        if (model.Task == TwoLayerTask.BinaryClassification)
        {
            // ML.NET's binary scorer puts its derived PredictedLabel first, then the calibrated model's
            // Score and Probability (what Transform's schema and ConvertToOnnx's outputs show for LbfgsLogisticRegression).
            builder.AddColumn(AnnotationNames.PredictedLabel, BooleanDataViewType.Instance, ScalarAnnotations(kind, AnnotationNames.PredictedLabel, setId, normalized: false));
        }
        builder.AddColumn(AnnotationNames.Score, NumberDataViewType.Single, ScalarAnnotations(kind, AnnotationNames.Score, setId, normalized: false));
        if (model.Task == TwoLayerTask.BinaryClassification)
        {
            builder.AddColumn(AnnotationNames.Probability, NumberDataViewType.Single, ScalarAnnotations(kind, AnnotationNames.Probability, setId, normalized: true));
        }
        return builder.ToSchema();
    }

    /// <summary>ScoreColumnSetId, ScoreColumnKind, ScoreValueKind and, on a probability, IsNormalized — what ML.NET's binary and regression scorers set.</summary>
    private static DataViewSchema.Annotations ScalarAnnotations(string kind, string valueKind, uint setId, bool normalized)
    {
        var annotations = new DataViewSchema.Annotations.Builder();
        AddSetId(annotations, setId);
        AddText(annotations, AnnotationNames.ScoreColumnKind, kind);
        AddText(annotations, AnnotationNames.ScoreValueKind, valueKind);
        if (normalized)
        {
            annotations.Add(AnnotationNames.IsNormalized, BooleanDataViewType.Instance, (ref bool dst) => dst = true);
        }
        return annotations.ToAnnotations();
    }

    private static DataViewSchema BuildMulticlass(DataViewSchema input, TwoLayerModelParameters model)
    {
        int classes = model.ClassCount;
        uint setId = NextScoreSetId(input);
        var labels = new LabelKeyValues(model.ClassLabelKind, model.ClassNames);

        var predicted = new DataViewSchema.Annotations.Builder();
        AddText(predicted, AnnotationNames.ScoreColumnKind, AnnotationNames.MulticlassClassification);
        AddText(predicted, AnnotationNames.ScoreValueKind, AnnotationNames.PredictedLabel);
        labels.AddTo(predicted, AnnotationNames.KeyValues);
        AddSetId(predicted, setId);

        var score = new DataViewSchema.Annotations.Builder();
        AddText(score, AnnotationNames.ScoreColumnKind, AnnotationNames.MulticlassClassification);
        AddSetId(score, setId);
        AddText(score, AnnotationNames.ScoreValueKind, AnnotationNames.Score);
        labels.AddTo(score, AnnotationNames.TrainingLabelValues);
        if (labels.IsText)
        {
            labels.AddTo(score, AnnotationNames.SlotNames);
        }

        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        builder.AddColumn(AnnotationNames.PredictedLabel, new KeyDataViewType(typeof(uint), classes), predicted.ToAnnotations());
        builder.AddColumn(AnnotationNames.Score, new VectorDataViewType(NumberDataViewType.Single, classes), score.ToAnnotations());
        return builder.ToSchema();
    }

    /// <summary>
    /// The estimator's view: the input shape plus the output columns of <paramref name="task"/>. For
    /// multiclass, the label values' type comes from the label column's <c>KeyValues</c>; a label without them gets text names.
    /// </summary>
    public static SchemaShape BuildShape(SchemaShape input, TwoLayerTask task, string labelColumnName)
    {
        var text = TextDataViewType.Instance;
        SchemaShape.Column Scalar(string name, DataViewType type, bool isKey = false) => MlNetInternals.CreateColumn(name, SchemaShape.Column.VectorKind.Scalar, type, isKey);
        SchemaShape.Column Vector(string name, DataViewType type) => MlNetInternals.CreateColumn(name, SchemaShape.Column.VectorKind.Vector, type, false);
        if (task != TwoLayerTask.MulticlassClassification)
        {
            SchemaShape Trainer(bool normalized)
            {
                var list = new List<SchemaShape.Column>
                {
                    Scalar(AnnotationNames.ScoreColumnSetId, NumberDataViewType.UInt32, isKey: true),
                    Scalar(AnnotationNames.ScoreColumnKind, text),
                    Scalar(AnnotationNames.ScoreValueKind, text),
                };
                if (normalized)
                {
                    list.Add(Scalar(AnnotationNames.IsNormalized, BooleanDataViewType.Instance));
                }
                return new SchemaShape(list);
            }
            string[] added = task == TwoLayerTask.BinaryClassification
                ? [AnnotationNames.Score, AnnotationNames.Probability, AnnotationNames.PredictedLabel]
                : [AnnotationNames.Score];
            var scalarColumns = input.Where(c => !added.Contains(c.Name)).ToList();
            scalarColumns.Add(MlNetInternals.CreateColumn(AnnotationNames.Score, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false, Trainer(false)));
            if (task == TwoLayerTask.BinaryClassification)
            {
                scalarColumns.Add(MlNetInternals.CreateColumn(AnnotationNames.Probability, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false, Trainer(true)));
                scalarColumns.Add(MlNetInternals.CreateColumn(AnnotationNames.PredictedLabel, SchemaShape.Column.VectorKind.Scalar, BooleanDataViewType.Instance, false, Trainer(false)));
            }
            return new SchemaShape(scalarColumns);
        }

        DataViewType labelValueType = LabelValueType(input, labelColumnName);
        var trainerAnnotations = new[]
        {
            Scalar(AnnotationNames.ScoreColumnSetId, NumberDataViewType.UInt32, isKey: true),
            Scalar(AnnotationNames.ScoreColumnKind, text),
            Scalar(AnnotationNames.ScoreValueKind, text),
        };
        var scoreAnnotations = new List<SchemaShape.Column>();
        if (labelValueType is TextDataViewType)
        {
            scoreAnnotations.Add(Vector(AnnotationNames.SlotNames, text));
        }
        scoreAnnotations.Add(Vector(AnnotationNames.TrainingLabelValues, labelValueType));
        scoreAnnotations.AddRange(trainerAnnotations);
        var predictedAnnotations = new List<SchemaShape.Column> { Vector(AnnotationNames.KeyValues, labelValueType) };
        predictedAnnotations.AddRange(trainerAnnotations);

        var columns = input.Where(c => c.Name != AnnotationNames.Score && c.Name != AnnotationNames.PredictedLabel).ToList();
        columns.Add(MlNetInternals.CreateColumn(AnnotationNames.Score, SchemaShape.Column.VectorKind.Vector, NumberDataViewType.Single, false, new SchemaShape(scoreAnnotations)));
        columns.Add(MlNetInternals.CreateColumn(AnnotationNames.PredictedLabel, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.UInt32, true, new SchemaShape(predictedAnnotations)));
        return new SchemaShape(columns);
    }

    /// <summary>The item type of the label's key values when the shape says (a supported type), else text.</summary>
    private static DataViewType LabelValueType(SchemaShape input, string labelColumnName)
    {
        SchemaShape.Column? label = input.Where(c => c.Name == labelColumnName).Select(c => (SchemaShape.Column?)c).FirstOrDefault();
        if (label is { IsKey: true } key)
        {
            SchemaShape.Column? keyValues = key.Annotations.Where(a => a.Name == AnnotationNames.KeyValues).Select(a => (SchemaShape.Column?)a).FirstOrDefault();
            if (keyValues is { Kind: SchemaShape.Column.VectorKind.Vector, ItemType: PrimitiveDataViewType item }
                && ClassLabelText.TryGetKind(item.RawType, out ClassLabelKind kind) && LabelKeyValues.ItemTypeOf(kind).Equals(item))
            {
                return item;
            }
        }
        return TextDataViewType.Instance;
    }

    /// <summary>One more than the largest score-set id already in the input, as ML.NET numbers scorers.</summary>
    private static uint NextScoreSetId(DataViewSchema input)
    {
        uint max = 0;
        foreach (DataViewSchema.Column column in input)
        {
            DataViewSchema.Column? id = column.Annotations.Schema.GetColumnOrNull(AnnotationNames.ScoreColumnSetId);
            if (id is { Type: KeyDataViewType { RawType: var raw } } && raw == typeof(uint))
            {
                uint value = 0;
                column.Annotations.GetValue(AnnotationNames.ScoreColumnSetId, ref value);
                max = Math.Max(max, value);
            }
        }
        return max + 1;
    }

    private static void AddText(DataViewSchema.Annotations.Builder builder, string kind, string value)
        => builder.Add(kind, TextDataViewType.Instance, (ref ReadOnlyMemory<char> dst) => dst = value.AsMemory());

    private static void AddSetId(DataViewSchema.Annotations.Builder builder, uint id)
        => builder.Add(AnnotationNames.ScoreColumnSetId, s_scoreSetIdType, (ref uint dst) => dst = id);
}
