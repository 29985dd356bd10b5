using Microsoft.ML.Data;

namespace MlNetTwoLayer.MlNet.Onnx;

/// <summary>
/// What a scorer needs to add its nodes to the ONNX graph ML.NET's converter
/// (<c>mlContext.Model.ConvertToOnnx</c>) is building. ML.NET keeps its graph context internal; the
/// interop file implements this over it, so the graph code here names no internal type and any
/// trainer face (multiclass, binary, regression) can reuse it.
/// </summary>
internal interface IOnnxGraphWriter
{
    /// <summary>Fails with the converter's own message when the graph's opset is older than <paramref name="version"/>.</summary>
    void RequireOpset(int version, string component);

    /// <summary>The graph variable holding the current value of an ML.NET column (a graph input or an earlier transform's output).</summary>
    string ColumnVariable(string columnName);

    /// <summary>Declares the variable that becomes ML.NET column <paramref name="columnName"/> of <paramref name="type"/>; returns its unique name.</summary>
    string AddColumnVariable(DataViewType type, string columnName);

    /// <summary>Declares an intermediate variable that no column stands for; returns its unique name.</summary>
    string AddTemporary(DataViewType type, string name);

    /// <summary>Adds a float tensor constant; returns its unique name.</summary>
    string AddInitializer(IReadOnlyList<float> values, long[] dimensions, string name);

    /// <summary>Adds an int64 tensor constant; returns its unique name.</summary>
    string AddInitializer(IReadOnlyList<long> values, long[] dimensions, string name);

    /// <summary>
    /// Adds a node of the standard ai.onnx domain. Attribute values: <see cref="long"/>,
    /// <see cref="double"/> (ONNX float), or a <see cref="Type"/> (a tensor element type, as Cast's <c>to</c>).
    /// </summary>
    void AddNode(string opType, string[] inputs, string[] outputs, params (string Name, object Value)[] attributes);
}
