using Microsoft.ML.Data;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.MlNet.DataViews;

namespace MlNetTwoLayer.MlNet.Onnx;

/// <summary>
/// The network as nodes of the ONNX graph that ML.NET's converter builds for a whole pipeline:
/// <c>Features → Gemm(W1, b1) → activation → Gemm(W2, b2) → Softmax → Score</c> and
/// <c>Score → ArgMax → +1 → Cast(uint32) → PredictedLabel</c>, the 1-based key ML.NET's multiclass
/// scorer gives (its own linear trainers cast to uint32 the same way). Transforms after ours
/// (such as MapKeyToValue) then read these variables as they read ML.NET's own trainers'.
/// </summary>
internal static class OnnxScoringGraph
{
    /// <summary>Softmax, ArgMax and Gemm with these attributes exist since opset 9, the oldest ML.NET's own multiclass export needs.</summary>
    private const int MinimumOpset = 9;

    /// <summary>Adds the network's nodes, reading column <paramref name="featureColumnName"/> and writing the two columns the scorer adds.</summary>
    public static void Write(IOnnxGraphWriter graph, TwoLayerModelParameters model, string featureColumnName)
    {
        graph.RequireOpset(MinimumOpset, "TwoLayer");
        NetworkParameters p = model.Parameters;
        int inputs = model.InputCount, hidden = model.HiddenCount, classes = model.ClassCount;
        var hiddenType = new VectorDataViewType(NumberDataViewType.Single, hidden);
        var scoreType = new VectorDataViewType(NumberDataViewType.Single, classes);

        string features = graph.ColumnVariable(featureColumnName);
        // Declared in ML.NET's column order (PredictedLabel, then Score), as its scorers declare them.
        string predicted = graph.AddColumnVariable(new KeyDataViewType(typeof(uint), classes), AnnotationNames.PredictedLabel);
        string score = graph.AddColumnVariable(scoreType, AnnotationNames.Score);

        string w1 = graph.AddInitializer(p.W1.ToArray(), [inputs, hidden], "TwoLayerW1");
        string b1 = graph.AddInitializer(p.B1.ToArray(), [hidden], "TwoLayerB1");
        string w2 = graph.AddInitializer(p.W2.ToArray(), [hidden, classes], "TwoLayerW2");
        string b2 = graph.AddInitializer(p.B2.ToArray(), [classes], "TwoLayerB2");

        // Gemm computes A·B + C with C broadcast over rows: the seed's x·W1 + b1 in one node.
        string hiddenLinear = graph.AddTemporary(hiddenType, "TwoLayerHiddenLinear");
        graph.AddNode("Gemm", [features, w1, b1], [hiddenLinear]);
        string activated = graph.AddTemporary(hiddenType, "TwoLayerHidden");
        switch (model.Activation)
        {
            case HiddenActivation.Relu:
                graph.AddNode("Relu", [hiddenLinear], [activated]);
                break;
            case HiddenActivation.LeakyRelu:
                graph.AddNode("LeakyRelu", [hiddenLinear], [activated], ("alpha", (double)Activations.LeakySlope));
                break;
            case HiddenActivation.Tanh:
                graph.AddNode("Tanh", [hiddenLinear], [activated]);
                break;
            case HiddenActivation.Sigmoid:
                graph.AddNode("Sigmoid", [hiddenLinear], [activated]);
                break;
            default:
                throw new InvalidOperationException($"No ONNX form for hidden activation {model.Activation}.");
        }
        string logits = graph.AddTemporary(scoreType, "TwoLayerLogits");
        graph.AddNode("Gemm", [activated, w2, b2], [logits]);
        // Axis 1 of a [N, classes] tensor means the same in every opset (before 13 Softmax flattened from the axis).
        graph.AddNode("Softmax", [logits], [score], ("axis", 1L));

        // ArgMax takes the first largest value, as ML.NET's scorer does; keys count from 1.
        string index = graph.AddTemporary(NumberDataViewType.Int64, "TwoLayerArgMax");
        graph.AddNode("ArgMax", [score], [index], ("axis", 1L), ("keepdims", 1L));
        string one = graph.AddInitializer([1L], [1], "TwoLayerOne");
        string key = graph.AddTemporary(NumberDataViewType.Int64, "TwoLayerKey");
        graph.AddNode("Add", [index, one], [key]);
        graph.AddNode("Cast", [key], [predicted], ("to", typeof(uint)));
    }
}
