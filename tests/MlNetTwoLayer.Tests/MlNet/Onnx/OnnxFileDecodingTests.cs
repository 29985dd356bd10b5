using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Onnx;

/// <summary>
/// The exported ONNX file, decoded here from the wire format with the field numbers of the ONNX
/// specification (onnx/onnx.proto: ModelProto, GraphProto, NodeProto, TensorProto, AttributeProto),
/// sharing nothing with the library's writer: the graph must be exactly the model's network, its
/// weights bit for bit, and evaluating the decoded graph by hand must give the model's scores.
/// </summary>
public class OnnxFileDecodingTests
{
    /// <summary>One protobuf field: its number and either a varint / fixed32 value or a length-delimited payload.</summary>
    private readonly record struct Field(int Number, int WireType, ulong Value, byte[] Bytes);

    private static List<Field> Decode(byte[] message)
    {
        var fields = new List<Field>();
        int at = 0;
        while (at < message.Length)
        {
            ulong key = Varint(message, ref at);
            int number = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0:
                    fields.Add(new Field(number, wire, Varint(message, ref at), []));
                    break;
                case 2:
                    int length = checked((int)Varint(message, ref at));
                    fields.Add(new Field(number, wire, 0, message[at..(at + length)]));
                    at += length;
                    break;
                case 5:
                    fields.Add(new Field(number, wire, BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(at)), []));
                    at += 4;
                    break;
                default:
                    throw new InvalidDataException($"wire type {wire} of field {number} is not used by an ONNX model of this kind");
            }
        }
        return fields;
    }

    private static ulong Varint(byte[] data, ref int at)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }

    private static string Text(Field f) => Encoding.UTF8.GetString(f.Bytes);

    private static IEnumerable<Field> All(List<Field> fields, int number) => fields.Where(f => f.Number == number);

    private static Field One(List<Field> fields, int number) => Assert.Single(fields, f => f.Number == number);

    private sealed record Node(string OpType, string[] Inputs, string[] Outputs, Dictionary<string, List<Field>> Attributes);

    private sealed record DecodedModel(long IrVersion, string Producer, Dictionary<string, string> Metadata, List<Node> Nodes,
        Dictionary<string, (long[] Dims, float[] Values)> Initializers, string[] Inputs, string[] Outputs);

    private static DecodedModel DecodeModel(byte[] file)
    {
        List<Field> model = Decode(file);
        // ModelProto: ir_version 1, producer_name 2, graph 7, metadata_props 14 (StringStringEntryProto: key 1, value 2).
        var metadata = All(model, 14).Select(e => Decode(e.Bytes)).ToDictionary(e => Text(One(e, 1)), e => Text(One(e, 2)));
        List<Field> graph = Decode(One(model, 7).Bytes);
        // GraphProto: node 1, initializer 5, input 11, output 12 (ValueInfoProto: name 1).
        var nodes = All(graph, 1).Select(n => Decode(n.Bytes)).Select(n => new Node(
            Text(One(n, 4)), All(n, 1).Select(Text).ToArray(), All(n, 2).Select(Text).ToArray(),
            // NodeProto.attribute 5 → AttributeProto: name 1, f 2, i 3.
            All(n, 5).Select(a => Decode(a.Bytes)).ToDictionary(a => Text(One(a, 1)), a => a))).ToList();
        var initializers = All(graph, 5).Select(t => Decode(t.Bytes)).ToDictionary(t => Text(One(t, 8)), t =>
        {
            // TensorProto: dims 1 (repeated int64, packed or not), data_type 2 (1 = FLOAT), float_data 4 or raw_data 9, name 8.
            Assert.Equal(1UL, One(t, 2).Value);
            long[] dims = All(t, 1).SelectMany(d => d.WireType == 0 ? [(long)d.Value] : PackedVarints(d.Bytes)).ToArray();
            byte[] raw = t.Any(f => f.Number == 9) ? One(t, 9).Bytes
                : All(t, 4).SelectMany(f => f.WireType == 5 ? BitConverter.GetBytes((uint)f.Value) : f.Bytes).ToArray();
            float[] values = Enumerable.Range(0, raw.Length / 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(4 * i))).ToArray();
            return (dims, values);
        });
        string[] Names(int number) => All(graph, number).Select(v => Text(One(Decode(v.Bytes), 1))).ToArray();
        return new DecodedModel((long)One(model, 1).Value, Text(One(model, 2)), metadata, nodes, initializers, Names(11), Names(12));
    }

    private static long[] PackedVarints(byte[] bytes)
    {
        var values = new List<long>();
        int at = 0;
        while (at < bytes.Length)
        {
            values.Add((long)Varint(bytes, ref at));
        }
        return values.ToArray();
    }

    private static TwoLayerModelParameters Model(HiddenActivation activation)
    {
        var random = new Random(5);
        float Draw() => (float)(random.NextDouble() * 2 - 1);
        var w1 = new float[3, 4];
        var w2 = new float[4, 3];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                w1[i, j] = Draw();
                w2[j, i] = Draw();
            }
        }
        return new TwoLayerModelParameters(w1, [Draw(), Draw(), Draw(), Draw()], w2, [Draw(), Draw(), Draw()], ["a", "b", "c"], activation);
    }

    [Fact]
    public void TheProducerVersionIsTheLibrarysVersion()
    {
        // ModelProto.producer_version (field 3): which build wrote the file, for whoever must reproduce a score.
        List<Field> file = Decode(OnnxTestModels.Export(Model(HiddenActivation.Relu)));
        string version = typeof(TwoLayerModelParameters).Assembly.GetName().Version!.ToString();
        Assert.Equal(version, Text(One(file, 3)));
        Assert.NotEqual("0.0.0", version);
    }

    [Theory]
    [InlineData(HiddenActivation.Relu, "Relu")]
    [InlineData(HiddenActivation.LeakyRelu, "LeakyRelu")]
    [InlineData(HiddenActivation.Tanh, "Tanh")]
    [InlineData(HiddenActivation.Sigmoid, "Sigmoid")]
    public void TheFileIsTheModelsNetwork(HiddenActivation activation, string opType)
    {
        TwoLayerModelParameters model = Model(activation);
        DecodedModel onnx = DecodeModel(OnnxTestModels.Export(model));

        Assert.Equal(7, onnx.IrVersion);
        Assert.Equal("MlNetTwoLayer", onnx.Producer);
        Assert.Equal(["a", "b", "c"], JsonSerializer.Deserialize<string[]>(onnx.Metadata["class_names"])!);
        Assert.Equal(activation.ToString(), onnx.Metadata["hidden_activation"]);
        Assert.Equal(["features"], onnx.Inputs);
        Assert.Equal(["probabilities", "predicted_class"], onnx.Outputs);
        Assert.Equal(["Gemm", opType, "Gemm", "Softmax", "ArgMax"], onnx.Nodes.Select(n => n.OpType));
        if (activation == HiddenActivation.LeakyRelu)
        {
            Assert.Equal(0.01f, BitConverter.UInt32BitsToSingle((uint)One(onnx.Nodes[1].Attributes["alpha"], 2).Value));
        }
        Assert.Equal(-1L, (long)One(onnx.Nodes[3].Attributes["axis"], 3).Value);

        // The weights, bit for bit, in the layout Gemm reads them (no transpose attribute set).
        Assert.Equal(new long[] { 3, 4 }, onnx.Initializers["W1"].Dims);
        Assert.Equal(model.GetHiddenWeights().Cast<float>(), onnx.Initializers["W1"].Values);
        Assert.Equal(model.GetHiddenBiases(), onnx.Initializers["b1"].Values);
        Assert.Equal(new long[] { 4, 3 }, onnx.Initializers["W2"].Dims);
        Assert.Equal(model.GetOutputWeights().Cast<float>(), onnx.Initializers["W2"].Values);
        Assert.Equal(model.GetOutputBiases(), onnx.Initializers["b2"].Values);
        Assert.All(onnx.Nodes.Where(n => n.OpType == "Gemm"), n => Assert.DoesNotContain("transB", n.Attributes.Keys));

        // Evaluate the decoded graph by hand, in double, and compare with the model's own scores.
        float[] x = [0.3f, -0.8f, 0.5f];
        double[] hidden = Affine(x.Select(v => (double)v).ToArray(), onnx.Initializers["W1"], onnx.Initializers["b1"])
            .Select(z => opType switch
            {
                "Relu" => Math.Max(0, z),
                "LeakyRelu" => z > 0 ? z : 0.01 * z,
                "Tanh" => Math.Tanh(z),
                _ => 1 / (1 + Math.Exp(-z)),
            }).ToArray();
        double[] logits = Affine(hidden, onnx.Initializers["W2"], onnx.Initializers["b2"]);
        double max = logits.Max();
        double[] exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        var ours = new float[3];
        model.Score(x, ours);
        Helpers.Tolerance.AllClose(exp.Select(e => (float)(e / exp.Sum())).ToArray(), ours, 1e-5, 1e-6, "probability");
    }

    private static double[] Affine(double[] x, (long[] Dims, float[] Values) w, (long[] Dims, float[] Values) b)
    {
        int rows = (int)w.Dims[0], cols = (int)w.Dims[1];
        Assert.Equal(x.Length, rows);
        return Enumerable.Range(0, cols).Select(j => b.Values[j] + Enumerable.Range(0, rows).Sum(i => x[i] * (double)w.Values[i * cols + j])).ToArray();
    }
}
