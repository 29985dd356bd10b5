namespace MlNetTwoLayer.MlNet.DataViews;

/// <summary>
/// ML.NET's annotation kinds and values, spelled as ML.NET spells them (its own constants sit in an
/// internal class), plus the output column names of a multiclass trainer.
/// </summary>
internal static class AnnotationNames
{
    /// <summary>Names of a vector's slots.</summary>
    public const string SlotNames = "SlotNames";

    /// <summary>The values a key column's keys stand for.</summary>
    public const string KeyValues = "KeyValues";

    /// <summary>Groups the columns one scorer adds.</summary>
    public const string ScoreColumnSetId = "ScoreColumnSetId";

    /// <summary>The kind of task a score column belongs to.</summary>
    public const string ScoreColumnKind = "ScoreColumnKind";

    /// <summary>What a score column holds (score, predicted label, probability).</summary>
    public const string ScoreValueKind = "ScoreValueKind";

    /// <summary>The label values seen in training, one per score slot.</summary>
    public const string TrainingLabelValues = "TrainingLabelValues";

    /// <summary>The <see cref="ScoreColumnKind"/> of a multiclass classifier.</summary>
    public const string MulticlassClassification = "MulticlassClassification";

    /// <summary>The <see cref="ScoreColumnKind"/> of a binary classifier.</summary>
    public const string BinaryClassification = "BinaryClassification";

    /// <summary>The <see cref="ScoreColumnKind"/> of a regression model.</summary>
    public const string Regression = "Regression";

    /// <summary>True on a column whose values are normalised (a calibrated probability).</summary>
    public const string IsNormalized = "IsNormalized";

    /// <summary>The probability column's name and its <see cref="ScoreValueKind"/>.</summary>
    public const string Probability = "Probability";

    /// <summary>The score column's name and its <see cref="ScoreValueKind"/>.</summary>
    public const string Score = "Score";

    /// <summary>The predicted-label column's name and its <see cref="ScoreValueKind"/>.</summary>
    public const string PredictedLabel = "PredictedLabel";
}
