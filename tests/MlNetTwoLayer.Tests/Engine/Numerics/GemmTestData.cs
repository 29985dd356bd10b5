using MlNetTwoLayer.Engine.Numerics;


namespace MlNetTwoLayer.Tests.Engine.Numerics;

/// <summary>Random operands laid out for a GEMM call, with leading dimensions wider than the data.</summary>
internal sealed class GemmTestData
{
    public GemmTestData(bool transposeA, bool transposeB, int m, int n, int k, int pad, int seed)
    {
        TransposeA = transposeA;
        TransposeB = transposeB;
        M = m;
        N = n;
        K = k;
        var random = new Random(seed);
        int aRows = transposeA ? k : m, aCols = transposeA ? m : k;
        int bRows = transposeB ? n : k, bCols = transposeB ? k : n;
        Lda = aCols + pad;
        Ldb = bCols + pad;
        Ldc = n + pad;
        A = Fill(random, aRows * Lda);
        B = Fill(random, bRows * Ldb);
        C = Fill(random, m * Ldc);
    }

    public bool TransposeA { get; }
    public bool TransposeB { get; }
    public int M { get; }
    public int N { get; }
    public int K { get; }
    public int Lda { get; }
    public int Ldb { get; }
    public int Ldc { get; }
    public float[] A { get; }
    public float[] B { get; }

    /// <summary>The initial C, padding included (padding must come out untouched).</summary>
    public float[] C { get; }

    public float[] RunEngine(GemmEngine engine, bool accumulate)
    {
        float[] c = (float[])C.Clone();
        engine.Multiply(TransposeA, TransposeB, M, N, K, A, Lda, B, Ldb, c, Ldc, accumulate);
        return c;
    }

    public float[] RunNaive(bool accumulate)
    {
        float[] c = (float[])C.Clone();
        NaiveGemm.Multiply(TransposeA, TransposeB, M, N, K, A, Lda, B, Ldb, c, Ldc, accumulate);
        return c;
    }

    private static float[] Fill(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return values;
    }
}
