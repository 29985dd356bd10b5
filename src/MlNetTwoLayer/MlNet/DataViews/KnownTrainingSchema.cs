using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetTwoLayer.MlNet.DataViews;

/// <summary>
/// The part of the training schema a saved model knows: the feature vector and the label key with
/// its typed key values. A loaded transformer's <c>TrainingSchema</c>; ML.NET's own trainers save the
/// whole schema, whose format is internal to ML.NET.
/// </summary>
internal static class KnownTrainingSchema
{
    /// <summary>Features (a vector of the model's input count) then the label (a key of its class count with <c>KeyValues</c>).</summary>
    public static DataViewSchema Build(TwoLayerModelParameters model, string featureColumnName, string labelColumnName)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(featureColumnName, new VectorDataViewType(NumberDataViewType.Single, model.InputCount));
        var annotations = new DataViewSchema.Annotations.Builder();
        new LabelKeyValues(model.ClassLabelKind, model.ClassNames).AddTo(annotations, AnnotationNames.KeyValues);
        builder.AddColumn(labelColumnName, new KeyDataViewType(typeof(uint), model.ClassCount), annotations.ToAnnotations());
        return builder.ToSchema();
    }
}
