namespace MlNetTwoLayer.MlNet.Onnx;

/// <summary>
/// The parts of onnx.proto an exported model uses: field numbers and enum values, and one writer
/// per message. Numbers are those of the ONNX specification's onnx.proto and must never change.
/// </summary>
internal static class OnnxProto
{
    /// <summary>TensorProto.DataType.FLOAT.</summary>
    public const int FloatType = 1;

    /// <summary>TensorProto.DataType.INT64.</summary>
    public const int Int64Type = 7;

    /// <summary>ModelProto field numbers.</summary>
    public static class Model
    {
        public const int IrVersion = 1, ProducerName = 2, ProducerVersion = 3, Graph = 7, OpsetImport = 8, MetadataProps = 14;
    }

    /// <summary>GraphProto field numbers.</summary>
    public static class Graph
    {
        public const int Node = 1, Name = 2, Initializer = 5, Input = 11, Output = 12;
    }

    private static class Node
    {
        public const int Input = 1, Output = 2, Name = 3, OpType = 4, Attribute = 5;
    }

    private static class Attribute
    {
        public const int Name = 1, F = 2, I = 3, Type = 20;
        public const int FloatType = 1, IntType = 2;
    }

    private static class Tensor
    {
        public const int Dims = 1, DataType = 2, Name = 8, RawData = 9;
    }

    private static class ValueInfo
    {
        public const int Name = 1, Type = 2;
    }

    private static class TypeProto
    {
        public const int TensorType = 1;
        public const int ElemType = 1, Shape = 2;      // TypeProto.Tensor
        public const int Dim = 1;                      // TensorShapeProto
        public const int DimValue = 1, DimParam = 2;   // TensorShapeProto.Dimension
    }

    private static class OperatorSetId
    {
        public const int Domain = 1, Version = 2;
    }

    private static class StringStringEntry
    {
        public const int Key = 1, Value = 2;
    }

    /// <summary>One dimension of a graph input or output: a fixed size, or a name when the size is known only at run time.</summary>
    public readonly record struct Dim(long Size, string? Symbol = null)
    {
        public static Dim Symbolic(string symbol) => new(0, symbol);
    }

    /// <summary>A node attribute holding one int or one float.</summary>
    public readonly record struct Attr(string Name, long? Int = null, float? Float = null);

    /// <summary>The default-domain operator set (ai.onnx) at <paramref name="version"/>.</summary>
    public static void WriteOpset(ProtobufWriter w, long version) => w.WriteMessage(Model.OpsetImport, o =>
    {
        o.WriteString(OperatorSetId.Domain, "");
        o.WriteInt64(OperatorSetId.Version, version);
    });

    /// <summary>A metadata_props entry.</summary>
    public static void WriteMetadata(ProtobufWriter w, string key, string value) => w.WriteMessage(Model.MetadataProps, e =>
    {
        e.WriteString(StringStringEntry.Key, key);
        e.WriteString(StringStringEntry.Value, value);
    });

    /// <summary>A float initializer, its values as little-endian raw_data.</summary>
    public static void WriteInitializer(ProtobufWriter graph, string name, ReadOnlySpan<long> dims, ReadOnlySpan<float> values)
    {
        // A span cannot be captured by the lambda WriteMessage takes, so build the message here.
        var t = new ProtobufWriter();
        foreach (long d in dims)
        {
            t.WriteInt64(Tensor.Dims, d);
        }
        t.WriteInt64(Tensor.DataType, FloatType);
        t.WriteString(Tensor.Name, name);
        t.WriteFloatsAsBytes(Tensor.RawData, values);
        graph.WriteBytes(Graph.Initializer, t.WrittenSpan);
    }

    /// <summary>A graph input or output (<paramref name="field"/>) of tensor type.</summary>
    public static void WriteValueInfo(ProtobufWriter graph, int field, string name, int elemType, params Dim[] dims)
        => graph.WriteMessage(field, v =>
        {
            v.WriteString(ValueInfo.Name, name);
            v.WriteMessage(ValueInfo.Type, type => type.WriteMessage(TypeProto.TensorType, tensor =>
            {
                tensor.WriteInt64(TypeProto.ElemType, elemType);
                tensor.WriteMessage(TypeProto.Shape, shape =>
                {
                    foreach (Dim d in dims)
                    {
                        shape.WriteMessage(TypeProto.Dim, dim =>
                        {
                            if (d.Symbol != null)
                            {
                                dim.WriteString(TypeProto.DimParam, d.Symbol);
                            }
                            else
                            {
                                dim.WriteInt64(TypeProto.DimValue, d.Size);
                            }
                        });
                    }
                });
            }));
        });

    /// <summary>A node of the default domain.</summary>
    public static void WriteNode(ProtobufWriter graph, string opType, string name, string[] inputs, string[] outputs, params Attr[] attributes)
        => graph.WriteMessage(Graph.Node, n =>
        {
            foreach (string input in inputs)
            {
                n.WriteString(Node.Input, input);
            }
            foreach (string output in outputs)
            {
                n.WriteString(Node.Output, output);
            }
            n.WriteString(Node.Name, name);
            n.WriteString(Node.OpType, opType);
            foreach (Attr a in attributes)
            {
                n.WriteMessage(Node.Attribute, attr =>
                {
                    attr.WriteString(Attribute.Name, a.Name);
                    if (a.Int is long i)
                    {
                        attr.WriteInt64(Attribute.I, i);
                        attr.WriteInt64(Attribute.Type, Attribute.IntType);
                    }
                    else
                    {
                        attr.WriteFloat(Attribute.F, a.Float ?? throw new ArgumentException($"Attribute {a.Name} has no value."));
                        attr.WriteInt64(Attribute.Type, Attribute.FloatType);
                    }
                });
            }
        });
}
