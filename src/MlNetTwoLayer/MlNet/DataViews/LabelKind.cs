namespace MlNetTwoLayer.MlNet.DataViews;

/// <summary>What a trainer's label column holds, which decides how it is read and checked.</summary>
internal enum LabelKind
{
    /// <summary>Class indices: a key (as <c>MapValueToKey</c> makes) or a Single holding 0, 1, 2, … (multiclass).</summary>
    ClassIndex,

    /// <summary>A Boolean, false = class 0 and true = class 1 (binary classification, as ML.NET's binary trainers take it).</summary>
    Boolean,

    /// <summary>A Single holding the value to predict; NaN is a missing label (regression).</summary>
    Real,
}
