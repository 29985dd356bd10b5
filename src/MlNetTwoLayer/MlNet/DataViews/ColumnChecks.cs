using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Engine.Persistence;

namespace MlNetTwoLayer.MlNet.DataViews;

/// <summary>
/// Every check of an input column, in one place, for both a real <see cref="DataViewSchema"/> and the
/// estimator's <see cref="SchemaShape"/>. Messages name the column, what was found and what to do.
/// </summary>
internal static class ColumnChecks
{
    /// <summary>Checks the feature column is a known-size vector of Single; returns its size.</summary>
    public static int CheckFeatures(DataViewSchema schema, string name)
    {
        DataViewSchema.Column column = Find(schema, name, "feature", "FeatureColumnName");
        if (column.Type is not VectorDataViewType vector || vector.ItemType != NumberDataViewType.Single)
        {
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"Feature column '{name}' must be a vector of Single, but it is {column.Type}. Put the features into one vector with mlContext.Transforms.Concatenate(\"{name}\", ...) and convert numbers with mlContext.Transforms.Conversion.ConvertType.");
        }
        if (!vector.IsKnownSize)
        {
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"Feature column '{name}' is a vector of unknown size ({column.Type}). The network needs a fixed number of inputs: give the loader a fixed column range or use a featuriser with a fixed output size.");
        }
        return vector.Size;
    }

    /// <summary>Checks the label column has the type <paramref name="kind"/> needs and reads what it says about the classes.</summary>
    public static LabelColumnInfo CheckLabel(DataViewSchema schema, string name, LabelKind kind)
    {
        if (kind != LabelKind.ClassIndex)
        {
            DataViewSchema.Column found = Find(schema, name, "label", "LabelColumnName");
            DataViewType wanted = kind == LabelKind.Boolean ? BooleanDataViewType.Instance : NumberDataViewType.Single;
            if (found.Type != wanted)
            {
                throw new ArgumentOutOfRangeException(nameof(schema), LabelTypeMessage(name, $"{found.Type}", kind));
            }
            return new LabelColumnInfo(false, kind == LabelKind.Boolean ? 2 : 0, null, found.Type);
        }
        return CheckLabel(schema, name);
    }

    /// <summary>Checks the label column is a key or Single column and reads what it says about the classes.</summary>
    public static LabelColumnInfo CheckLabel(DataViewSchema schema, string name)
    {
        DataViewSchema.Column column = Find(schema, name, "label", "LabelColumnName");
        if (column.Type is KeyDataViewType key)
        {
            if (key.Count == 0 || key.Count > (ulong)ModelFormat.MaxClasses)
            {
                throw new ArgumentOutOfRangeException(nameof(schema),
                    $"Label column '{name}' is a key with {key.Count} values; the network needs a key of known count between 1 and {ModelFormat.MaxClasses}. Make it with mlContext.Transforms.Conversion.MapValueToKey(\"{name}\").");
            }
            return new LabelColumnInfo(true, (int)key.Count, LabelKeyValues.TryRead(column, (int)key.Count), column.Type);
        }
        if (column.Type == NumberDataViewType.Single)
        {
            return new LabelColumnInfo(false, 0, null, column.Type);
        }
        throw new ArgumentOutOfRangeException(nameof(schema),
            $"Label column '{name}' is {column.Type}, but must be a key or a Single holding class indices 0, 1, 2, .... " +
            $"Map class names to a key with mlContext.Transforms.Conversion.MapValueToKey(\"{name}\").");
    }

    /// <summary>Checks the optional example-weight column is a Single scalar.</summary>
    public static void CheckWeight(DataViewSchema schema, string? name)
    {
        if (name == null)
        {
            return;
        }
        DataViewSchema.Column column = Find(schema, name, "example weight", "ExampleWeightColumnName");
        if (column.Type != NumberDataViewType.Single)
        {
            throw new ArgumentOutOfRangeException(nameof(schema),
                $"Example weight column '{name}' must be a Single, but it is {column.Type}. Convert it with mlContext.Transforms.Conversion.ConvertType(\"{name}\", outputKind: DataKind.Single).");
        }
    }

    /// <summary>The <see cref="SchemaShape"/> twin of <see cref="CheckFeatures(DataViewSchema, string)"/>.</summary>
    public static void CheckFeatures(SchemaShape shape, string name)
    {
        SchemaShape.Column column = Find(shape, name, "feature", "FeatureColumnName");
        if (column.Kind == SchemaShape.Column.VectorKind.Scalar || column.ItemType != NumberDataViewType.Single || column.IsKey)
        {
            throw new ArgumentOutOfRangeException(nameof(shape),
                $"Feature column '{name}' must be a vector of Single, but it is {Describe(column)}. Put the features into one vector with mlContext.Transforms.Concatenate(\"{name}\", ...).");
        }
        if (column.Kind == SchemaShape.Column.VectorKind.VariableVector)
        {
            throw new ArgumentOutOfRangeException(nameof(shape),
                $"Feature column '{name}' is a vector of unknown size. The network needs a fixed number of inputs: give the loader a fixed column range or use a featuriser with a fixed output size.");
        }
    }

    /// <summary>The <see cref="SchemaShape"/> twin of <see cref="CheckLabel(DataViewSchema, string, LabelKind)"/>.</summary>
    public static void CheckLabel(SchemaShape shape, string name, LabelKind kind)
    {
        if (kind == LabelKind.ClassIndex)
        {
            CheckLabel(shape, name);
            return;
        }
        SchemaShape.Column column = Find(shape, name, "label", "LabelColumnName");
        DataViewType wanted = kind == LabelKind.Boolean ? BooleanDataViewType.Instance : NumberDataViewType.Single;
        if (column.Kind != SchemaShape.Column.VectorKind.Scalar || column.IsKey || column.ItemType != wanted)
        {
            throw new ArgumentOutOfRangeException(nameof(shape), LabelTypeMessage(name, Describe(column), kind));
        }
    }

    /// <summary>The <see cref="SchemaShape"/> twin of <see cref="CheckLabel(DataViewSchema, string)"/>; true when the label is a key carrying text key values.</summary>
    public static bool CheckLabel(SchemaShape shape, string name)
    {
        SchemaShape.Column column = Find(shape, name, "label", "LabelColumnName");
        bool isSingle = column.Kind == SchemaShape.Column.VectorKind.Scalar && !column.IsKey && column.ItemType == NumberDataViewType.Single;
        bool isKey = column.Kind == SchemaShape.Column.VectorKind.Scalar && column.IsKey;
        if (!isSingle && !isKey)
        {
            throw new ArgumentOutOfRangeException(nameof(shape),
                $"Label column '{name}' is {Describe(column)}, but must be a key or a Single holding class indices 0, 1, 2, .... " +
                $"Map class names to a key with mlContext.Transforms.Conversion.MapValueToKey(\"{name}\").");
        }
        return isKey;
    }

    /// <summary>The <see cref="SchemaShape"/> twin of <see cref="CheckWeight(DataViewSchema, string?)"/>.</summary>
    public static void CheckWeight(SchemaShape shape, string? name)
    {
        if (name == null)
        {
            return;
        }
        SchemaShape.Column column = Find(shape, name, "example weight", "ExampleWeightColumnName");
        if (column.Kind != SchemaShape.Column.VectorKind.Scalar || column.IsKey || column.ItemType != NumberDataViewType.Single)
        {
            throw new ArgumentOutOfRangeException(nameof(shape),
                $"Example weight column '{name}' must be a Single, but it is {Describe(column)}.");
        }
    }

    private static string LabelTypeMessage(string name, string found, LabelKind kind) => kind == LabelKind.Boolean
        ? $"Label column '{name}' is {found}, but a binary classifier needs a Boolean label, as ML.NET's binary trainers do. " +
          $"Make one with mlContext.Transforms.Conversion.ConvertType(\"{name}\", outputKind: DataKind.Boolean) or a CustomMapping (for example label > 0)."
        : $"Label column '{name}' is {found}, but a regression trainer needs a Single label. Convert it with mlContext.Transforms.Conversion.ConvertType(\"{name}\", outputKind: DataKind.Single).";

    private static DataViewSchema.Column Find(DataViewSchema schema, string name, string role, string option)
    {
        return schema.GetColumnOrNull(name) ?? throw new ArgumentOutOfRangeException(nameof(schema),
            $"The {role} column '{name}' was not found in the data (columns: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))}). Set TwoLayerTrainer.Options.{option} to the right name or add the column to the pipeline.");
    }

    private static SchemaShape.Column Find(SchemaShape shape, string name, string role, string option)
    {
        if (!shape.Any(c => c.Name == name))
        {
            throw new ArgumentOutOfRangeException(nameof(shape),
                $"The {role} column '{name}' was not found in the data (columns: {string.Join(", ", shape.Select(c => c.Name))}). Set TwoLayerTrainer.Options.{option} to the right name or add the column to the pipeline.");
        }
        return shape.Last(c => c.Name == name);
    }

    private static string Describe(SchemaShape.Column column)
        => column.Kind switch
        {
            SchemaShape.Column.VectorKind.Scalar => column.IsKey ? $"a key of {column.ItemType}" : $"a scalar {column.ItemType}",
            SchemaShape.Column.VectorKind.Vector => $"a vector of {column.ItemType}",
            _ => $"a vector of unknown size of {column.ItemType}",
        };
}
