using MlNetTwoLayer.Engine.Persistence;
using MlNetTwoLayer.MlNet.Onnx;


namespace MlNetTwoLayer;

public sealed partial class TwoLayerModelParameters
{
    /// <summary>
    /// Writes the network as a standard ONNX model (opset 13) that ONNX Runtime, ML.NET's
    /// <c>ApplyOnnxModel</c> or any other ONNX runtime can score.
    /// </summary>
    /// <remarks>
    /// Input <c>features</c>: float [N, <see cref="InputCount"/>], N chosen at run time. Outputs
    /// <c>probabilities</c>: float [N, <see cref="ClassCount"/>], the same values as
    /// <see cref="Score"/> up to float rounding; and <c>predicted_class</c>: int64 [N], the index of
    /// the largest probability. The graph is Gemm, the hidden activation (Relu, LeakyRelu with
    /// alpha 0.01, Tanh or Sigmoid), Gemm, Softmax (axis -1) and ArgMax. Metadata: producer_name
    /// "MlNetTwoLayer", <c>class_names</c> (a JSON array of <see cref="ClassNames"/>, in
    /// probability-slot order) and <c>hidden_activation</c>. Feature normalisation done earlier in
    /// an ML.NET pipeline is not part of the file: apply it before scoring. Binary models output
    /// <c>score</c> (the margin), <c>probability</c> and <c>predicted_label</c> (bool) instead;
    /// regression models output <c>score</c> in the label's units (docs/onnx.md).
    /// </remarks>
    /// <param name="stream">A writable stream; it is written from its current position and left open.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be written.</exception>
    /// <exception cref="InvalidOperationException">The weights are so large that the graph's float sums can overflow (Inf or NaN in an ONNX runtime) for features up to 1e6 in magnitude.</exception>
    public void ExportToOnnx(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream cannot be written (it is read-only or closed).", nameof(stream));
        }
        OnnxRangeCheck.ThrowIfSumsCanOverflow(this);
        // Built in memory first, so a failure while encoding leaves the stream untouched.
        byte[] bytes = OnnxModelWriter.ToBytes(this);
        stream.Write(bytes);
        stream.Flush();
    }

    /// <summary>
    /// Writes the network as an ONNX model file (see <see cref="ExportToOnnx(Stream)"/> for its
    /// inputs, outputs and metadata), replacing any file at <paramref name="path"/>. The bytes go to
    /// a temporary file beside it that is then renamed into place, so a crash never leaves a
    /// half-written model.
    /// </summary>
    /// <param name="path">The file to write, conventionally ending in <c>.onnx</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or white space.</exception>
    /// <exception cref="IOException">The file or its temporary sibling could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or file is not writable.</exception>
    /// <exception cref="InvalidOperationException">The weights are too large to score in float (see <see cref="ExportToOnnx(Stream)"/>).</exception>
    public void ExportToOnnx(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        OnnxRangeCheck.ThrowIfSumsCanOverflow(this);
        byte[] bytes = OnnxModelWriter.ToBytes(this);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }
}
