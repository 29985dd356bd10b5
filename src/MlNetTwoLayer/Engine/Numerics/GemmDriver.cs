using System.Runtime.CompilerServices;
namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>
/// The cache-blocked loop nest around a micro-kernel (GotoBLAS blocking: column block, k-slice, row
/// block; then, inside a block, each row panel of A against every column panel of B), for one
/// rectangular region of C.
/// </summary>
/// <remarks>
/// Every element is reduced over k in k-slices of <see cref="GemmScratch.KC"/>, in order, each slice
/// in one FMA chain and then added to C. That order depends only on k, never on the region, the
/// tile an element falls in or whether operands were packed, so splitting C between threads does
/// not change a single bit. Large problems pack both operands; small ones stream A and untransposed
/// B in place (packing would cost as much as the arithmetic) and pack only short edge panels.
/// </remarks>
internal static unsafe class GemmDriver<TKernel> where TKernel : struct, IGemmMicroKernel
{
    /// <summary>Computes rows [i0, i1) x columns [j0, j1) of C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmProblem p, int i0, int i1, int j0, int j1, GemmScratch s, bool pack)
    {
        int mrTile = TKernel.MR, nrTile = TKernel.NR;
        bool packA = pack, packB = pack || p.TransposeB || (long)p.M * p.N * p.K >= GemmEngine.PackBThreshold;
        nint ars = p.ARowStride, acs = p.AColStride, brs = p.BRowStride, bcs = p.BColStride, ldc = p.Ldc;
        for (int jc = j0; jc < j1; jc += GemmScratch.NC)
        {
            int nc = Math.Min(GemmScratch.NC, j1 - jc);
            int fullCols = packB ? nc : nc / nrTile * nrTile;
            for (int pc = 0; pc < p.K; pc += GemmScratch.KC)
            {
                int kc = Math.Min(GemmScratch.KC, p.K - pc);
                bool overwrite = pc == 0 && !p.Accumulate;
                float* bBlock = p.B + pc * brs + jc * bcs;
                float* packedB = packB ? s.PackB : s.EdgeB;
                if (packB)
                {
                    GemmPacking.PackB(bBlock, brs, bcs, kc, nc, nrTile, packedB);
                }
                else if (fullCols < nc)
                {
                    GemmPacking.PackB(bBlock + fullCols, brs, 1, kc, nc - fullCols, nrTile, packedB);
                }
                for (int ic = i0; ic < i1; ic += GemmScratch.MC)
                {
                    int mc = Math.Min(GemmScratch.MC, i1 - ic);
                    int fullRows = packA ? mc : mc / mrTile * mrTile;
                    int edgeRows = packA ? 0 : EdgeRows(mc, ref fullRows);
                    int packedFrom = fullRows + edgeRows;
                    float* aBlock = p.A + ic * ars + pc * acs;
                    float* packedA = packA ? s.PackA : s.EdgeA;
                    if (packA)
                    {
                        GemmPacking.PackA(aBlock, ars, acs, mc, kc, mrTile, packedA);
                    }
                    else if (packedFrom < mc)
                    {
                        GemmPacking.PackA(aBlock + packedFrom * ars, ars, acs, mc - packedFrom, kc, mrTile, packedA);
                    }
                    // One row panel of A (MR x kc: 8 KiB at KC = 256) against every column panel of B:
                    // the A panel stays in L1 while B's panels stream from L2. The other order (a B panel
                    // against every A panel) wanted the 32 KiB B panel to stay in L1, which is all of Zen 4's
                    // L1D, so the streaming A panels evicted it on every call: measured at 2048³, 1 thread,
                    // 89-92 GFLOP per CPU second that way against 100-104 this way (fma-peak 111.5-111.8).
                    for (int ir = 0; ir < mc; ir += mrTile)
                    {
                        if (ir == fullRows && edgeRows > 0)
                        {
                            RunEdgeRows(p, s, aBlock + ir * ars, ars, acs, kc, bBlock, packedB, packB, fullCols, brs,
                                p.C + (ic + ir) * ldc + jc, ldc, edgeRows, nc, overwrite);
                            ir += edgeRows - mrTile;
                            continue;
                        }
                        int mr = Math.Min(mrTile, mc - ir);
                        float* ap;
                        nint rs, cs;
                        if (ir < fullRows)
                        {
                            ap = packA ? packedA + ir * kc : aBlock + ir * ars;
                            rs = packA ? 1 : ars;
                            cs = packA ? mrTile : acs;
                        }
                        else
                        {
                            ap = packedA;
                            rs = 1;
                            cs = mrTile;
                        }
                        for (int jr = 0; jr < nc; jr += nrTile)
                        {
                            int nr = Math.Min(nrTile, nc - jr);
                            float* bp;
                            nint bs;
                            if (jr < fullCols)
                            {
                                bp = packB ? packedB + jr * kc : bBlock + jr;
                                bs = packB ? nrTile : brs;
                            }
                            else
                            {
                                bp = packedB;
                                bs = nrTile;
                            }
                            float* cp = p.C + (ic + ir) * ldc + jc + jr;
                            if (mr == mrTile && nr == nrTile)
                            {
                                TKernel.Run(kc, ap, rs, cs, bp, bs, cp, ldc, overwrite);
                            }
                            else
                            {
                                TKernel.Run(kc, ap, rs, cs, bp, bs, s.Tile, nrTile, overwrite: true);
                                MergeTile(s.Tile, nrTile, cp, ldc, mr, nr, overwrite);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// How many of a block's last rows, read in place, run in the kernel's shorter full-speed tiles
    /// (<see cref="IGemmMicroKernel.EdgeMR"/> rows) instead of one zero-padded MR-row tile; may hand
    /// one full MR panel to them (<paramref name="fullRows"/> shrinks). For the AVX2 kernel (MR = 6,
    /// EdgeMR = 4) the MNIST batch of 128 rows ends in 8 rows = two 4-row tiles rather than a 6-row
    /// tile with 4 dead rows, 3% of x·W1's multiply-adds. Which tile computes a row never changes its
    /// bits: each element is one chain per k-slice in every tile shape.
    /// </summary>
    internal static int EdgeRows(int mc, ref int fullRows)
    {
        int edge = TKernel.EdgeMR, rest = mc - fullRows;
        if (edge <= 0 || rest == 0)
        {
            return 0;
        }
        if (rest % edge == 0)
        {
            return rest;
        }
        if (fullRows >= TKernel.MR && (rest + TKernel.MR) % edge == 0)
        {
            fullRows -= TKernel.MR;
            return rest + TKernel.MR;
        }
        return 0;
    }

    /// <summary>Rows [0, rows) of the block in EdgeMR-row tiles, A read in place, against every column panel of B.</summary>
    private static void RunEdgeRows(in GemmProblem p, GemmScratch s, float* a, nint rs, nint cs, int kc, float* bBlock, float* packedB, bool packB,
        int fullCols, nint brs, float* c, nint ldc, int rows, int nc, bool overwrite)
    {
        int edge = TKernel.EdgeMR, nrTile = TKernel.NR;
        for (int ir = 0; ir < rows; ir += edge)
        {
            float* ap = a + ir * rs;
            for (int jr = 0; jr < nc; jr += nrTile)
            {
                int nr = Math.Min(nrTile, nc - jr);
                float* bp = jr < fullCols ? (packB ? packedB + jr * kc : bBlock + jr) : packedB;
                nint bs = jr < fullCols && !packB ? brs : nrTile;
                float* cp = c + ir * ldc + jr;
                if (nr == nrTile)
                {
                    TKernel.RunEdge(kc, ap, rs, cs, bp, bs, cp, ldc, overwrite);
                }
                else
                {
                    TKernel.RunEdge(kc, ap, rs, cs, bp, bs, s.Tile, nrTile, overwrite: true);
                    MergeTile(s.Tile, nrTile, cp, ldc, edge, nr, overwrite);
                }
            }
        }
    }

    /// <summary>Copies (or adds) the live mr x nr corner of an edge tile into C: the same single
    /// addition per element a full tile would do, so edges round exactly like the interior.</summary>
    private static void MergeTile(float* tile, int tileStride, float* c, nint ldc, int mr, int nr, bool overwrite)
    {
        for (int r = 0; r < mr; r++)
        {
            float* t = tile + r * tileStride;
            float* cr = c + r * ldc;
            for (int j = 0; j < nr; j++)
            {
                cr[j] = overwrite ? t[j] : cr[j] + t[j];
            }
        }
    }
}
