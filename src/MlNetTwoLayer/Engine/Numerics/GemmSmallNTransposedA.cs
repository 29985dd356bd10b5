using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>
/// Small-n products whose A is stored transposed (the output layer's weight gradient
/// <c>hᵀ·dscore</c>): a column of op(A) is then contiguous, so the vectors run down 32 rows of C
/// and every lane is live, where the row-vector kernel of <see cref="GemmSmallN"/> uses only n of 16.
/// </summary>
/// <remarks>
/// Six (or five, see <see cref="BlockWidth"/>) columns of C by 32 rows per register block (12 or 10 accumulators). The reduction order is the same
/// as every other path: per k-slice of <see cref="GemmScratch.KC"/>, one FMA chain per element, then
/// one addition into C.
/// </remarks>
internal static unsafe class GemmSmallNTransposedA
{
    private const int Cols = 6;
    private const int NarrowCols = 5;
    private const int Rows = 32;

    /// <summary>Below this k the transposing scatter into C costs more than the idle lanes it saves.</summary>
    private const int MinK = 96;

    /// <summary>Whether this path takes the product (a choice made from the shape alone).</summary>
    public static bool Accepts(GemmKernelKind kind, in GemmProblem p) =>
        kind == GemmKernelKind.Avx512 && p.N <= GemmScratch.SmallNWidth && p.ARowStride == 1 && p.K >= MinK;

    /// <summary>Computes the whole product on the calling thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmProblem p, GemmScratch s)
    {
        int m = p.M, n = p.N;
        nint acs = p.AColStride, brs = p.BRowStride, bcs = p.BColStride, ldc = p.Ldc;
        float* tile = s.Tile;
        int width = BlockWidth(n);
        for (int pc = 0; pc < p.K; pc += GemmScratch.KC)
        {
            int kc = Math.Min(GemmScratch.KC, p.K - pc);
            bool overwrite = pc == 0 && !p.Accumulate;
            for (int i0 = 0; i0 < m; i0 += Rows)
            {
                int rows = Math.Min(Rows, m - i0);
                // Masked loads stop at the last row: nothing past the end of A is touched.
                Vector512<float> lowMask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(rows)).AsSingle();
                Vector512<float> highMask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(rows - 16)).AsSingle();
                for (int j0 = 0; j0 < n; j0 += width)
                {
                    int cols = Math.Min(width, n - j0);
                    float* a = p.A + i0 + pc * acs;
                    if (width == NarrowCols)
                    {
                        NarrowBlock(p, a, acs, j0, pc, kc, brs, bcs, lowMask, highMask, tile);
                    }
                    else
                    {
                        WideBlock(p, a, acs, j0, pc, kc, brs, bcs, lowMask, highMask, tile);
                    }
                    Scatter(tile, p.C + i0 * ldc + j0, ldc, rows, cols, overwrite);
                }
            }
        }
    }

    /// <summary>
    /// Columns per register block: six, or five when that needs no more blocks (n = 10, the usual class
    /// count, is two blocks of five, where two of six wasted two of every twelve FMAs on a repeated column).
    /// Each element is one FMA chain over the k-slice whatever the width, so the width never changes a bit.
    /// </summary>
    internal static int BlockWidth(int n)
    {
        int blocks = (n + Cols - 1) / Cols;
        return n <= blocks * NarrowCols ? NarrowCols : Cols;
    }

    /// <summary>A 32-row x 6-column block of C over one k-slice, column-major into <paramref name="tile"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WideBlock(in GemmProblem p, float* a, nint acs, int j0, int pc, int kc, nint brs, nint bcs,
        Vector512<float> lowMask, Vector512<float> highMask, float* tile)
    {
        // Columns past n repeat the last column; their results are dropped.
        float* b0 = ColumnStart(p, j0, 0, pc, brs, bcs), b1 = ColumnStart(p, j0, 1, pc, brs, bcs);
        float* b2 = ColumnStart(p, j0, 2, pc, brs, bcs), b3 = ColumnStart(p, j0, 3, pc, brs, bcs);
        float* b4 = ColumnStart(p, j0, 4, pc, brs, bcs), b5 = ColumnStart(p, j0, 5, pc, brs, bcs);
        Vector512<float> l0 = default, l1 = default, l2 = default, l3 = default, l4 = default, l5 = default;
        Vector512<float> h0 = default, h1 = default, h2 = default, h3 = default, h4 = default, h5 = default;
        for (nint q = 0, off = 0; q < kc; q++, off += brs)
        {
            // Masked loads stop at the last row: nothing past the end of A is touched.
            Vector512<float> lo = Avx512F.MaskLoad(a, lowMask, Vector512<float>.Zero);
            Vector512<float> hi = Avx512F.MaskLoad(a + 16, highMask, Vector512<float>.Zero);
            Vector512<float> bv = Vector512.Create(b0[off]);
            l0 = Avx512F.FusedMultiplyAdd(lo, bv, l0);
            h0 = Avx512F.FusedMultiplyAdd(hi, bv, h0);
            bv = Vector512.Create(b1[off]);
            l1 = Avx512F.FusedMultiplyAdd(lo, bv, l1);
            h1 = Avx512F.FusedMultiplyAdd(hi, bv, h1);
            bv = Vector512.Create(b2[off]);
            l2 = Avx512F.FusedMultiplyAdd(lo, bv, l2);
            h2 = Avx512F.FusedMultiplyAdd(hi, bv, h2);
            bv = Vector512.Create(b3[off]);
            l3 = Avx512F.FusedMultiplyAdd(lo, bv, l3);
            h3 = Avx512F.FusedMultiplyAdd(hi, bv, h3);
            bv = Vector512.Create(b4[off]);
            l4 = Avx512F.FusedMultiplyAdd(lo, bv, l4);
            h4 = Avx512F.FusedMultiplyAdd(hi, bv, h4);
            bv = Vector512.Create(b5[off]);
            l5 = Avx512F.FusedMultiplyAdd(lo, bv, l5);
            h5 = Avx512F.FusedMultiplyAdd(hi, bv, h5);
            a += acs;
        }
        StoreColumn(tile, l0, h0);
        StoreColumn(tile + Rows, l1, h1);
        StoreColumn(tile + 2 * Rows, l2, h2);
        StoreColumn(tile + 3 * Rows, l3, h3);
        StoreColumn(tile + 4 * Rows, l4, h4);
        StoreColumn(tile + 5 * Rows, l5, h5);
    }

    /// <summary>The same as <see cref="WideBlock"/> with 5 columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void NarrowBlock(in GemmProblem p, float* a, nint acs, int j0, int pc, int kc, nint brs, nint bcs,
        Vector512<float> lowMask, Vector512<float> highMask, float* tile)
    {
        float* b0 = ColumnStart(p, j0, 0, pc, brs, bcs), b1 = ColumnStart(p, j0, 1, pc, brs, bcs);
        float* b2 = ColumnStart(p, j0, 2, pc, brs, bcs), b3 = ColumnStart(p, j0, 3, pc, brs, bcs);
        float* b4 = ColumnStart(p, j0, 4, pc, brs, bcs);
        Vector512<float> l0 = default, l1 = default, l2 = default, l3 = default, l4 = default;
        Vector512<float> h0 = default, h1 = default, h2 = default, h3 = default, h4 = default;
        for (nint q = 0, off = 0; q < kc; q++, off += brs)
        {
            Vector512<float> lo = Avx512F.MaskLoad(a, lowMask, Vector512<float>.Zero);
            Vector512<float> hi = Avx512F.MaskLoad(a + 16, highMask, Vector512<float>.Zero);
            Vector512<float> bv = Vector512.Create(b0[off]);
            l0 = Avx512F.FusedMultiplyAdd(lo, bv, l0);
            h0 = Avx512F.FusedMultiplyAdd(hi, bv, h0);
            bv = Vector512.Create(b1[off]);
            l1 = Avx512F.FusedMultiplyAdd(lo, bv, l1);
            h1 = Avx512F.FusedMultiplyAdd(hi, bv, h1);
            bv = Vector512.Create(b2[off]);
            l2 = Avx512F.FusedMultiplyAdd(lo, bv, l2);
            h2 = Avx512F.FusedMultiplyAdd(hi, bv, h2);
            bv = Vector512.Create(b3[off]);
            l3 = Avx512F.FusedMultiplyAdd(lo, bv, l3);
            h3 = Avx512F.FusedMultiplyAdd(hi, bv, h3);
            bv = Vector512.Create(b4[off]);
            l4 = Avx512F.FusedMultiplyAdd(lo, bv, l4);
            h4 = Avx512F.FusedMultiplyAdd(hi, bv, h4);
            a += acs;
        }
        StoreColumn(tile, l0, h0);
        StoreColumn(tile + Rows, l1, h1);
        StoreColumn(tile + 2 * Rows, l2, h2);
        StoreColumn(tile + 3 * Rows, l3, h3);
        StoreColumn(tile + 4 * Rows, l4, h4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreColumn(float* column, Vector512<float> low, Vector512<float> high)
    {
        low.Store(column);
        high.Store(column + 16);
    }

    /// <summary>Writes (or adds) the column-major tile into row-major C.</summary>
    private static void Scatter(float* tile, float* c, nint ldc, int rows, int cols, bool overwrite)
    {
        for (int r = 0; r < rows; r++)
        {
            float* cr = c + r * ldc;
            for (int j = 0; j < cols; j++)
            {
                float v = tile[j * Rows + r];
                cr[j] = overwrite ? v : cr[j] + v;
            }
        }
    }

    private static float* ColumnStart(in GemmProblem p, int j0, int t, int pc, nint brs, nint bcs) =>
        p.B + pc * brs + Math.Min(j0 + t, p.N - 1) * bcs;
}
