namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>
/// The one seam every matrix product of the network goes through:
/// <c>C = op(A)·op(B)</c> (or <c>C += …</c>), row-major, with leading dimensions.
/// An instance owns whatever scratch memory its kernels need, so a training run that keeps one
/// engine allocates nothing per product.
/// </summary>
/// <remarks>
/// op(A) is m x k: A is stored m x k (row stride <c>lda</c>), or k x m when <c>transposeA</c>.
/// op(B) is k x n: B is stored k x n (row stride <c>ldb</c>), or n x k when <c>transposeB</c>.
/// Results never depend on <see cref="Threads"/>: work is split over output blocks only, and each
/// output element is reduced over k in one fixed order (k-slices of <see cref="GemmScratch.KC"/>,
/// each one multiply-add chain, added to C in order). The bits do depend on the kernel family (FMA
/// or not, lane layout), which is fixed per processor. An instance is not thread-safe: one product at a time.
/// </remarks>
internal sealed unsafe class GemmEngine : IDisposable
{
    /// <summary>Below this m·n·k a product stays on the calling thread: waking a worker costs more than it saves.</summary>
    internal const long ParallelThreshold = 1L << 20;

    /// <summary>From this m·n·k on both operands are packed; below it, packing would cost as much as the arithmetic.</summary>
    internal const long PackThreshold = 1L << 24;

    /// <summary>
    /// From this m·n·k on B is packed even when A is not. Read in place, B's rows sit a power-of-two-ish
    /// stride apart (128 floats = 512 bytes in the MNIST shape), so a k-slice of one column panel falls
    /// into 8 of L1's 64 sets and evicts itself; packed, it is contiguous. Packing B costs k·n copies
    /// against m·n·k multiply-adds, under 1% from here on. Measured on Zen 3 (AVX2), one thread,
    /// x·W1 (128 x 128 x 784): 77-81 GFLOP/s in place against 84 packed; xᵀ·dh (784 x 128 x 128)
    /// 74-77 against 88-89 (fma-peak 93-99). Packing A as well made both slower (69 and 79).
    /// </summary>
    internal const long PackBThreshold = 1L << 20;

    /// <summary>Products run on the caller alone after a stalled parallel one, before threads are tried again.</summary>
    private const int SerialBackoff = 32;

    /// <summary>Counts, per calling thread, the products handed to worker threads (see <see cref="ParallelProductsOnThisThread"/>).</summary>
    [ThreadStatic]
    private static long t_parallelProducts;

    private readonly GemmScratch[] _scratch;
    private int _serialCallsLeft;
    private readonly GemmParallelJob? _job;
    private GemmWorkers? _workers;

    /// <summary>Creates an engine that may use up to <paramref name="threads"/> threads.</summary>
    public GemmEngine(int threads = 1)
        : this(threads, GemmKernelSelector.Best)
    {
    }

    /// <summary>Creates an engine with a chosen kernel family (tests run every family the processor has).</summary>
    internal GemmEngine(int threads, GemmKernelKind kernel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (!GemmKernelSelector.IsSupported(kernel))
        {
            throw new PlatformNotSupportedException($"This processor cannot run the {kernel} GEMM kernels.");
        }
        Threads = threads;
        Kernel = kernel;
        _scratch = new GemmScratch[threads];
        _scratch[0] = new GemmScratch();
        if (threads > 1)
        {
            _job = new GemmParallelJob(_scratch);
        }
    }

    private bool _disposed;

    /// <summary>Stops the worker threads of an abandoned engine.</summary>
    ~GemmEngine()
    {
        _workers?.Stop();
    }

    /// <summary>Stops the worker threads and frees the packing buffers now, rather than at finalisation.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _workers?.Stop();
        foreach (GemmScratch? scratch in _scratch)
        {
            scratch?.Dispose();
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>The worker threads, once a product or job has needed them (for tests).</summary>
    internal GemmWorkers? Workers => _workers;

    /// <summary>The most threads one product may use.</summary>
    public int Threads { get; }

    /// <summary>The micro-kernel family in use.</summary>
    internal GemmKernelKind Kernel { get; }

    /// <summary>
    /// How many products the calling thread has split over worker threads so far: lets a test that
    /// claims something about threads prove the parallel path really ran (per thread, so tests
    /// running side by side do not count each other's products).
    /// </summary>
    internal static long ParallelProductsOnThisThread => t_parallelProducts;

    /// <summary>Computes <c>C = op(A)·op(B)</c>, or adds it to C when <paramref name="accumulate"/>.</summary>
    public void Multiply(bool transposeA, bool transposeB, int m, int n, int k,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, bool accumulate)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        GemmArguments.Validate(transposeA, transposeB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0)
        {
            return;
        }
        if (k == 0)
        {
            if (!accumulate)
            {
                for (int i = 0; i < m; i++)
                {
                    c.Slice(i * ldc, n).Clear();
                }
            }
            return;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            var problem = new GemmProblem(transposeA, transposeB, m, n, k, pa, lda, pb, ldb, pc, ldc, accumulate);
            if (GemmSmallNTransposedA.Accepts(Kernel, problem))
            {
                GemmSmallNTransposedA.Run(problem, _scratch[0]);
                return;
            }
            if (GemmSmallN.Accepts(Kernel, n))
            {
                GemmSmallN.Run(Kernel, problem, _scratch[0]);
                return;
            }
            long work = (long)m * n * k;
            bool pack = work >= PackThreshold;
            int bands = PlanBands(m, n, work, out bool splitColumns, out int bandWidth);
            if (bands > 1 && _serialCallsLeft > 0)
            {
                // Backing off after a stall; the same bits come out either way (see the class remarks).
                _serialCallsLeft--;
                bands = 1;
            }
            if (bands <= 1)
            {
                RunRegion(Kernel, problem, 0, m, 0, n, _scratch[0], pack);
                return;
            }
            _job!.Prepare(problem, Kernel, pack, splitColumns, bandWidth, bands);
            // The operands stay pinned by this fixed block until Run returns, i.e. until every band is done.
            RunOnWorkers(_job);
            t_parallelProducts++;
        }
    }

    /// <summary>
    /// Runs every band of <paramref name="job"/> on this engine's threads (the caller included) and
    /// returns when all are done: the optimiser step and the batch gather borrow the product's workers
    /// rather than start their own. Bands must touch disjoint memory; which thread runs a band must not
    /// change its result. After a stalled run, jobs run on the caller alone for a while, as products do.
    /// </summary>
    internal void RunParallel(IGemmParallelJob job)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int bands = job.Bands;
        if (Threads == 1 || bands <= 1 || _serialCallsLeft > 0)
        {
            if (_serialCallsLeft > 0 && bands > 1)
            {
                _serialCallsLeft--;
            }
            for (int band = 0; band < bands; band++)
            {
                job.Execute(band, 0);
            }
            return;
        }
        RunOnWorkers(job);
    }

    private void RunOnWorkers(IGemmParallelJob job)
    {
        if (_workers == null)
        {
            for (int slot = 1; slot < Threads; slot++)
            {
                _scratch[slot] = new GemmScratch();
            }
            _workers = new GemmWorkers(Threads - 1);
        }
        _workers.Run(job);
        if (_workers.LastRunStalled)
        {
            _serialCallsLeft = SerialBackoff;
        }
    }

    /// <summary>Computes one region of C with the kernel family <paramref name="kind"/>.</summary>
    internal static void RunRegion(GemmKernelKind kind, in GemmProblem problem, int i0, int i1, int j0, int j1, GemmScratch scratch, bool pack)
    {
        switch (kind)
        {
            case GemmKernelKind.Avx512:
                GemmDriver<GemmMicroKernel512>.Run(problem, i0, i1, j0, j1, scratch, pack);
                break;
            case GemmKernelKind.Avx2:
                GemmDriver<GemmMicroKernel256>.Run(problem, i0, i1, j0, j1, scratch, pack);
                break;
            case GemmKernelKind.Vector128:
                GemmDriver<GemmMicroKernel128>.Run(problem, i0, i1, j0, j1, scratch, pack);
                break;
            default:
                GemmDriver<GemmMicroKernelPortable>.Run(problem, i0, i1, j0, j1, scratch, pack);
                break;
        }
    }

    /// <summary>
    /// How many bands to cut C into, along which side, and how wide (whole tiles) each is: two per
    /// thread, so the caller can take a late worker's second band. Every band streams its own pass over
    /// the operand it does not cut (and packs its own copy when packing), so more bands cost more: four
    /// per thread for products that do not pack, as before, took x·W1 (128 x 128 x 784) at 2 threads to
    /// 153-166 GFLOP/s against 160-165 with two (Zen 3, interleaved runs), and the MNIST-shape seed epoch
    /// to 0.168 s against 0.160.
    /// </summary>
    private int PlanBands(int m, int n, long work, out bool splitColumns, out int bandWidth)
    {
        splitColumns = n >= m;
        bandWidth = 0;
        if (Threads == 1 || work < ParallelThreshold)
        {
            return 1;
        }
        int tile = splitColumns ? TileColumns(Kernel) : TileRows(Kernel);
        int extent = splitColumns ? n : m;
        int tiles = (extent + tile - 1) / tile;
        long wanted = Math.Min(Threads * 2L, work / (ParallelThreshold / 4));
        int bands = (int)Math.Min(tiles, wanted);
        if (bands <= 1)
        {
            return 1;
        }
        bandWidth = (tiles + bands - 1) / bands * tile;
        return (extent + bandWidth - 1) / bandWidth;
    }

    private static int TileRows(GemmKernelKind kind) => kind switch
    {
        GemmKernelKind.Avx512 => GemmMicroKernel512.MR,
        GemmKernelKind.Avx2 => GemmMicroKernel256.MR,
        GemmKernelKind.Vector128 => GemmMicroKernel128.MR,
        _ => GemmMicroKernelPortable.MR,
    };

    private static int TileColumns(GemmKernelKind kind) => kind switch
    {
        GemmKernelKind.Avx512 => GemmMicroKernel512.NR,
        GemmKernelKind.Avx2 => GemmMicroKernel256.NR,
        GemmKernelKind.Vector128 => GemmMicroKernel128.NR,
        _ => GemmMicroKernelPortable.NR,
    };
}

/// <summary>Argument checks shared by every GEMM implementation, so each one fails the same way.</summary>
internal static class GemmArguments
{
    /// <summary>Throws when a dimension is negative or a buffer is too short for the shape it is given.</summary>
    public static void Validate(bool transposeA, bool transposeB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(m), $"GEMM dimensions must be non-negative (m={m}, n={n}, k={k}).");
        }
        int aRows = transposeA ? k : m, aCols = transposeA ? m : k;
        int bRows = transposeB ? n : k, bCols = transposeB ? k : n;
        CheckOperand("A", aRows, aCols, lda, aLength);
        CheckOperand("B", bRows, bCols, ldb, bLength);
        CheckOperand("C", m, n, ldc, cLength);
    }

    private static void CheckOperand(string name, int rows, int cols, int ld, int length)
    {
        if (ld < cols)
        {
            throw new ArgumentOutOfRangeException(name, $"Leading dimension {ld} of {name} is smaller than its {cols} columns.");
        }
        if (rows > 0 && cols > 0 && (long)(rows - 1) * ld + cols > length)
        {
            throw new ArgumentException($"{name} holds {length} elements, too few for {rows} x {cols} with leading dimension {ld}.", name);
        }
    }
}
