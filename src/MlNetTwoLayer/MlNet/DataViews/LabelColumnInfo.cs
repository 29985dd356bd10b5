using Microsoft.ML.Data;

namespace MlNetTwoLayer.MlNet.DataViews;

/// <summary>What the label column says about the classes before any row is read.</summary>
/// <param name="IsKey">True for a key column (as <c>MapValueToKey</c> makes); false for a <c>Single</c> column of class indices.</param>
/// <param name="KeyCount">The key's count (the class count) for a key label; 0 for a <c>Single</c> label.</param>
/// <param name="KeyValues">The key values, with their type, when the key column carries them; else null.</param>
/// <param name="Type">The column's type.</param>
internal sealed record LabelColumnInfo(bool IsKey, int KeyCount, LabelKeyValues? KeyValues, DataViewType Type);
