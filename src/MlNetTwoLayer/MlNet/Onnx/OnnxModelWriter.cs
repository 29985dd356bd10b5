using System.Text.Json;
using MlNetTwoLayer.Engine.Network;

namespace MlNetTwoLayer.MlNet.Onnx;

/// <summary>
/// Builds the ONNX graph of a <see cref="TwoLayerModelParameters"/>:
/// <c>features → Gemm(W1, b1) → f → Gemm(W2, b2) → logits</c>, then the head's tail: multiclass
/// <c>Softmax → probabilities</c> and <c>ArgMax → predicted_class</c>; binary <c>logits → score</c>,
/// <c>Sigmoid → probability</c> and <c>Greater(0) → predicted_label</c>; regression
/// <c>logits·scale + offset → score</c>. Only standard ai.onnx operators, so any runtime can score it.
/// </summary>
internal static class OnnxModelWriter
{
    /// <summary>Softmax's opset-13 meaning (normalise along one axis, not a flattened 2-D view) is the one we need.</summary>
    public const long OpsetVersion = 13;

    /// <summary>IR version 7 is the one that introduced opset 13; older runtimes that read opset 13 read it.</summary>
    public const long IrVersion = 7;

    public const string ProducerName = "MlNetTwoLayer";
    public const string InputName = "features";
    public const string ProbabilitiesName = "probabilities";
    public const string PredictedClassName = "predicted_class";
    public const string ClassNamesKey = "class_names";
    public const string ActivationKey = "hidden_activation";
    public const string ClassLabelTypeKey = "class_label_type";
    public const string TaskKey = "task";
    public const string ScoreName = "score";
    public const string ProbabilityName = "probability";
    public const string PredictedLabelName = "predicted_label";
    public const int BoolType = 9;

    /// <summary>The serialized ModelProto.</summary>
    public static byte[] ToBytes(TwoLayerModelParameters model)
    {
        var w = new ProtobufWriter();
        w.WriteInt64(OnnxProto.Model.IrVersion, IrVersion);
        w.WriteString(OnnxProto.Model.ProducerName, ProducerName);
        w.WriteString(OnnxProto.Model.ProducerVersion, typeof(OnnxModelWriter).Assembly.GetName().Version?.ToString() ?? "0.0.0");
        w.WriteMessage(OnnxProto.Model.Graph, g => WriteGraph(g, model));
        OnnxProto.WriteOpset(w, OpsetVersion);
        OnnxProto.WriteMetadata(w, ClassNamesKey, JsonSerializer.Serialize(model.ClassNames));
        OnnxProto.WriteMetadata(w, TaskKey, model.Task.ToString());
        OnnxProto.WriteMetadata(w, ActivationKey, model.Activation.ToString());
        // The class names are canonical text of values of this type ("Single", "Boolean", "Text", ...).
        OnnxProto.WriteMetadata(w, ClassLabelTypeKey, model.ClassLabelKind.ToString());
        return w.ToArray();
    }

    private static void WriteGraph(ProtobufWriter g, TwoLayerModelParameters model)
    {
        NetworkParameters p = model.Parameters;
        int inputs = model.InputCount, hidden = model.HiddenCount, classes = model.ClassCount;

        // Gemm computes A·B + C with C broadcast over rows: the seed's x·W1 + b1 in one node.
        OnnxProto.WriteNode(g, "Gemm", "hidden_linear", [InputName, "W1", "b1"], ["hidden_pre"]);
        WriteActivation(g, model.Activation, "hidden_pre", "hidden");
        var batch = OnnxProto.Dim.Symbolic("N");
        switch (model.Task)
        {
            case TwoLayerTask.BinaryClassification:
                OnnxProto.WriteNode(g, "Gemm", "output_linear", ["hidden", "W2", "b2"], [ScoreName]);
                OnnxProto.WriteNode(g, "Sigmoid", "sigmoid", [ScoreName], [ProbabilityName]);
                OnnxProto.WriteNode(g, "Greater", "positive", [ScoreName, "zero"], [PredictedLabelName]);
                OnnxProto.WriteInitializer(g, "zero", [], [0f]);
                break;
            case TwoLayerTask.Regression:
                // y = s·scale + offset undoes the label standardisation the network was trained with.
                OnnxProto.WriteNode(g, "Gemm", "output_linear", ["hidden", "W2", "b2"], ["logits"]);
                OnnxProto.WriteNode(g, "Mul", "label_scale", ["logits", "scale"], ["scaled"]);
                OnnxProto.WriteNode(g, "Add", "label_offset", ["scaled", "offset"], [ScoreName]);
                OnnxProto.WriteInitializer(g, "scale", [], [(float)model.LabelScale]);
                OnnxProto.WriteInitializer(g, "offset", [], [(float)model.LabelOffset]);
                break;
            default:
                OnnxProto.WriteNode(g, "Gemm", "output_linear", ["hidden", "W2", "b2"], ["logits"]);
                OnnxProto.WriteNode(g, "Softmax", "softmax", ["logits"], [ProbabilitiesName], new OnnxProto.Attr("axis", Int: -1));
                OnnxProto.WriteNode(g, "ArgMax", "argmax", [ProbabilitiesName], [PredictedClassName],
                    new OnnxProto.Attr("axis", Int: 1), new OnnxProto.Attr("keepdims", Int: 0));
                break;
        }

        g.WriteString(OnnxProto.Graph.Name, "two_layer_network");
        OnnxProto.WriteInitializer(g, "W1", [inputs, hidden], p.W1);
        OnnxProto.WriteInitializer(g, "b1", [hidden], p.B1);
        OnnxProto.WriteInitializer(g, "W2", [hidden, classes], p.W2);
        OnnxProto.WriteInitializer(g, "b2", [classes], p.B2);

        OnnxProto.WriteValueInfo(g, OnnxProto.Graph.Input, InputName, OnnxProto.FloatType, batch, new OnnxProto.Dim(inputs));
        switch (model.Task)
        {
            case TwoLayerTask.BinaryClassification:
                OnnxProto.WriteValueInfo(g, OnnxProto.Graph.Output, ScoreName, OnnxProto.FloatType, batch, new OnnxProto.Dim(1));
                OnnxProto.WriteValueInfo(g, OnnxProto.Graph.Output, ProbabilityName, OnnxProto.FloatType, batch, new OnnxProto.Dim(1));
                OnnxProto.WriteValueInfo(g, OnnxProto.Graph.Output, PredictedLabelName, BoolType, batch, new OnnxProto.Dim(1));
                break;
            case TwoLayerTask.Regression:
                OnnxProto.WriteValueInfo(g, OnnxProto.Graph.Output, ScoreName, OnnxProto.FloatType, batch, new OnnxProto.Dim(1));
                break;
            default:
                OnnxProto.WriteValueInfo(g, OnnxProto.Graph.Output, ProbabilitiesName, OnnxProto.FloatType, batch, new OnnxProto.Dim(classes));
                OnnxProto.WriteValueInfo(g, OnnxProto.Graph.Output, PredictedClassName, OnnxProto.Int64Type, batch);
                break;
        }
    }

    private static void WriteActivation(ProtobufWriter g, HiddenActivation activation, string input, string output)
    {
        switch (activation)
        {
            case HiddenActivation.Relu:
                OnnxProto.WriteNode(g, "Relu", "activation", [input], [output]);
                break;
            case HiddenActivation.LeakyRelu:
                OnnxProto.WriteNode(g, "LeakyRelu", "activation", [input], [output], new OnnxProto.Attr("alpha", Float: Activations.LeakySlope));
                break;
            case HiddenActivation.Tanh:
                OnnxProto.WriteNode(g, "Tanh", "activation", [input], [output]);
                break;
            case HiddenActivation.Sigmoid:
                OnnxProto.WriteNode(g, "Sigmoid", "activation", [input], [output]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown hidden activation.");
        }
    }
}
