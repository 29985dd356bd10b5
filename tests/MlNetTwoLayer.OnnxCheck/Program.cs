using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

// Usage: MlNetTwoLayer.OnnxCheck <model.zip> <out.onnx> <feature count>
// Loads a pipeline whose input is a float vector "Measurements" with nothing but
// mlContext.Model.Load, converts it with mlContext.Model.ConvertToOnnx (no call into MlNetTwoLayer
// in between) and writes the graph to <out.onnx>; the parent process scores it with ONNX Runtime.
// Prints the graph's size in bytes.
if (args.Length != 3 || !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out int width) || width <= 0)
{
    Console.Error.WriteLine("usage: MlNetTwoLayer.OnnxCheck <model.zip> <out.onnx> <feature count>");
    return 2;
}
var ml = new MLContext(seed: 123);
ITransformer model = ml.Model.Load(args[0], out _);
var definition = SchemaDefinition.Create(typeof(Row));
definition[nameof(Row.Measurements)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
// The converter reads only the schema; one row gives it one.
IDataView data = ml.Data.LoadFromEnumerable([new Row { Measurements = new float[width] }], definition);
using var buffer = new MemoryStream();
ml.Model.ConvertToOnnx(model, data, buffer);
File.WriteAllBytes(args[1], buffer.ToArray());
Console.WriteLine(buffer.Length.ToString(CultureInfo.InvariantCulture));
return 0;

/// <summary>The only input column the converted graph gets: the raw features.</summary>
internal sealed class Row
{
    /// <summary>The raw features, before the pipeline's normaliser.</summary>
    public float[] Measurements { get; set; } = [];
}
