using Microsoft.ML.Data;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.MlNet.DataViews;

namespace MlNetTwoLayer.MlNet.Onnx;

/// <summary>
/// The network as nodes of the ONNX graph that ML.NET's converter builds for a whole pipeline:
/// <c>Features → Gemm(W1, b1) → activation → Gemm(W2, b2)</c>, then the head's tail, writing the
/// columns <c>Transform</c> adds, under the same names and types:
/// multiclass <c>Softmax → Score</c> and <c>Score → ArgMax → +1 → Cast(uint32) → PredictedLabel</c>, the
/// 1-based key ML.NET's multiclass scorer gives (its own linear trainers cast to uint32 the same way);
/// binary the margin as <c>Score</c>, <c>Sigmoid(Score) → Probability</c> and
/// <c>Greater(Score, 0) → PredictedLabel</c> (Boolean), the columns of ML.NET's calibrated binary trainers;
/// regression <c>logits·LabelScale + LabelOffset → Score</c>, undoing the label standardisation in the graph.
/// Transforms after ours (such as MapKeyToValue) then read these variables as they read ML.NET's own trainers'.
/// </summary>
internal static class OnnxScoringGraph
{
    /// <summary>Softmax, ArgMax, Gemm, Greater (float → bool) and Sigmoid with these attributes exist since opset 9, the oldest ML.NET's own exports need.</summary>
    private const int MinimumOpset = 9;

    /// <summary>Adds the network's nodes, reading column <paramref name="featureColumnName"/> and writing the columns the scorer adds for the model's task.</summary>
    public static void Write(IOnnxGraphWriter graph, TwoLayerModelParameters model, string featureColumnName)
    {
        graph.RequireOpset(MinimumOpset, "TwoLayer");
        // Read before any column of ours is declared, so the features are the input's even if names clash.
        string features = graph.ColumnVariable(featureColumnName);
        switch (model.Task)
        {
            case TwoLayerTask.BinaryClassification:
                WriteBinary(graph, model, features);
                break;
            case TwoLayerTask.Regression:
                WriteRegression(graph, model, features);
                break;
            case TwoLayerTask.MulticlassClassification:
                WriteMulticlass(graph, model, features);
                break;
            default:
                throw new InvalidOperationException($"No ONNX form for task {model.Task}.");
        }
    }

    private static void WriteMulticlass(IOnnxGraphWriter graph, TwoLayerModelParameters model, string features)
    {
        int classes = model.ClassCount;
        var scoreType = new VectorDataViewType(NumberDataViewType.Single, classes);
        // Declared in ML.NET's column order (PredictedLabel, then Score), as its scorers declare them.
        string predicted = graph.AddColumnVariable(new KeyDataViewType(typeof(uint), classes), AnnotationNames.PredictedLabel);
        string score = graph.AddColumnVariable(scoreType, AnnotationNames.Score);

        string logits = graph.AddTemporary(scoreType, "TwoLayerLogits");
        WriteNetwork(graph, model, features, logits);
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

    private static void WriteBinary(IOnnxGraphWriter graph, TwoLayerModelParameters model, string features)
    {
        // Declared in ML.NET's column order (PredictedLabel, Score, Probability), as its binary scorer declares them.
        string predicted = graph.AddColumnVariable(BooleanDataViewType.Instance, AnnotationNames.PredictedLabel);
        string score = graph.AddColumnVariable(NumberDataViewType.Single, AnnotationNames.Score);
        string probability = graph.AddColumnVariable(NumberDataViewType.Single, AnnotationNames.Probability);

        // The one output unit is the margin; the sigmoid head's probability is σ(margin).
        WriteNetwork(graph, model, features, score);
        graph.AddNode("Sigmoid", [score], [probability]);
        // Margin > 0 as Transform decides (the same as probability > 0.5, without its rounding), and a
        // NaN margin gives false, as ML.NET's binary scorer's threshold test does. ML.NET's own export uses
        // ai.onnx.ml's Binarizer then a Cast; Greater gives the Boolean in one standard node.
        string zero = graph.AddInitializer([0f], [1], "TwoLayerThreshold");
        graph.AddNode("Greater", [score, zero], [predicted]);
    }

    private static void WriteRegression(IOnnxGraphWriter graph, TwoLayerModelParameters model, string features)
    {
        string score = graph.AddColumnVariable(NumberDataViewType.Single, AnnotationNames.Score);

        string output = graph.AddTemporary(NumberDataViewType.Single, "TwoLayerStandardizedScore");
        WriteNetwork(graph, model, features, output);
        // The network learnt (label - LabelOffset) / LabelScale; y = s·LabelScale + LabelOffset gives the
        // label's units back, as Transform does (there in double, here in float: within float rounding).
        string scale = graph.AddInitializer([(float)model.LabelScale], [1], "TwoLayerLabelScale");
        string offset = graph.AddInitializer([(float)model.LabelOffset], [1], "TwoLayerLabelOffset");
        string scaled = graph.AddTemporary(NumberDataViewType.Single, "TwoLayerScaledScore");
        graph.AddNode("Mul", [output, scale], [scaled]);
        graph.AddNode("Add", [scaled, offset], [score]);
    }

    /// <summary>Features → Gemm(W1, b1) → activation → Gemm(W2, b2) → <paramref name="output"/> (the raw output units).</summary>
    private static void WriteNetwork(IOnnxGraphWriter graph, TwoLayerModelParameters model, string features, string output)
    {
        NetworkParameters p = model.Parameters;
        int inputs = model.InputCount, hidden = model.HiddenCount, outputs = model.ClassCount;
        var hiddenType = new VectorDataViewType(NumberDataViewType.Single, hidden);

        string w1 = graph.AddInitializer(p.W1.ToArray(), [inputs, hidden], "TwoLayerW1");
        string b1 = graph.AddInitializer(p.B1.ToArray(), [hidden], "TwoLayerB1");
        string w2 = graph.AddInitializer(p.W2.ToArray(), [hidden, outputs], "TwoLayerW2");
        string b2 = graph.AddInitializer(p.B2.ToArray(), [outputs], "TwoLayerB2");

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
        graph.AddNode("Gemm", [activated, w2, b2], [output]);
    }
}
