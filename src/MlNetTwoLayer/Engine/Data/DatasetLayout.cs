namespace MlNetTwoLayer.Engine.Data;

/// <summary>
/// Whether in-memory training data is held dense or as compressed sparse rows, decided from the
/// measured density (non-zeros / slots) of the first rows read.
/// </summary>
internal static class DatasetLayout
{
    /// <summary>
    /// Below this density the sparse path trains faster than the dense one. Measured with
    /// <c>dotnet run -c Release --project benchmarks/MlNetTwoLayer.Benchmarks -- sparse-crossover</c>
    /// (2 threads, batch 32, Adam, 100 hidden units; see docs/sparse.md): sparse wins below about
    /// 10-20% density depending on width, and costs at most a few percent more up to 25%; dense
    /// GEMM wins clearly beyond. Memory breaks even at 50% (8 bytes per non-zero against 4 per slot).
    /// </summary>
    public const double SparseBelowDensity = 0.25;

    /// <summary>
    /// When the inputs are standardised, data this narrow is held dense whatever its density:
    /// standardising (centring) needs the dense copy, and one-hot tabular data (tens to hundreds of
    /// slots, often under 25% non-zero) loses accuracy without it: churn (73 slots, 24% non-zero)
    /// 0.899 held sparse against 0.917 dense and standardised (accuracy suite, seed 1). At this width a
    /// dense row costs at most the MNIST shape's products, and the copy at most 4 KB per row.
    /// </summary>
    public const int DenseWhenStandardizingUpToInputs = 1024;

    /// <summary>Rows read before the layout is decided.</summary>
    public const int SampleRows = 512;

    /// <summary>True when rows of this <paramref name="density"/> should be held sparse.</summary>
    /// <param name="density">Non-zeros per slot in the rows seen so far.</param>
    /// <param name="inputs">Slots per row.</param>
    /// <param name="standardizeInputs">Whether training will standardise the inputs (dense data only).</param>
    /// <remarks>The view's row count is only a hint (a view may over-report it), so it never decides the
    /// layout: a dense copy that outgrows one array switches to sparse as rows arrive (DatasetBuilder).</remarks>
    public static bool PreferSparse(double density, int inputs, bool standardizeInputs)
        => density < SparseBelowDensity && !(standardizeInputs && inputs <= DenseWhenStandardizingUpToInputs);
}
