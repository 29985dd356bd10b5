namespace MlNetTwoLayer;

public partial class TwoLayerTransformer
{
    /// <summary>
    /// Writes <see cref="Model"/> as an ONNX model; see
    /// <see cref="TwoLayerModelParameters.ExportToOnnx(Stream)"/>. Only the network is exported:
    /// the ONNX input is named <c>features</c> whatever <see cref="FeatureColumnName"/> is, and
    /// transforms before this one in a pipeline (normalisation, key mapping) are not included.
    /// </summary>
    /// <param name="stream">A writable stream; it is written from its current position and left open.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> cannot be written.</exception>
    public void ExportToOnnx(Stream stream) => Model.ExportToOnnx(stream);

    /// <summary>
    /// Writes <see cref="Model"/> as an ONNX file, atomically; see
    /// <see cref="TwoLayerModelParameters.ExportToOnnx(string)"/>.
    /// </summary>
    /// <param name="path">The file to write, conventionally ending in <c>.onnx</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or white space.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or file is not writable.</exception>
    public void ExportToOnnx(string path) => Model.ExportToOnnx(path);
}
