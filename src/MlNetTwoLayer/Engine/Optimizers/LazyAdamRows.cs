using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Engine.Optimizers;

/// <summary>
/// Lazy (sparse) Adam for W1 rows, as PyTorch's <c>SparseAdam</c> and TensorFlow Addons' <c>LazyAdam</c>
/// do it: the step count t advances every step (so bias corrections match dense Adam's), but a row's
/// moments are decayed and its weights moved only in steps whose batch touches it. A row that is
/// touched in every step therefore follows dense Adam; a rare feature's moments are not decayed
/// while it is absent, which is what makes the step O(touched rows x hidden). The update is
/// <see cref="AdamOptimizer"/>'s (Kingma and Ba's Algorithm 1, ε added to √v̂), SIMD over the
/// hidden units, with the next rows prefetched (touched rows are scattered over a large W1, so the
/// step is bound by memory latency, not arithmetic).
/// </summary>
internal sealed class LazyAdamRows : IRowOptimizer
{
    private const int PrefetchDistance = 4;
    private readonly float _beta1, _beta2, _epsilon;

    /// <summary>
    /// Both moments of every W1 row side by side (row r's m, then its v), in one pinned array whose
    /// first row starts on a 64-byte boundary: a touched row's moments are then adjacent cache lines
    /// (2 for 16 hidden units) instead of lines in two arrays, each straddling two lines when its array
    /// is not aligned. Pinned, so the alignment found once holds for the whole fit. Past half the
    /// largest array (over a billion W1 weights) m and v get an array each (<see cref="_v"/>).
    /// </summary>
    private readonly float[] _m;
    private readonly float[] _v;
    private readonly int _mOrigin;
    private readonly bool _interleaved;
    private int _t;

    /// <summary>Zeroed moments for <paramref name="length"/> values of W1.</summary>
    public LazyAdamRows(int length, float beta1, float beta2, float epsilon)
        : this(length, beta1, beta2, epsilon, interleaved: 2L * length + 16 <= Array.MaxLength)
    {
    }

    /// <summary>
    /// Zeroed moments in the layout named: interleaved in one array, or (what a W1 past a billion weights
    /// gets) an array each. Internal so the tests can run the separate layout on a small W1.
    /// </summary>
    internal LazyAdamRows(int length, float beta1, float beta2, float epsilon, bool interleaved)
    {
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = epsilon;
        _interleaved = interleaved;
        if (_interleaved)
        {
            _m = _v = GC.AllocateArray<float>(2 * length + 16, pinned: true);
            HugePages.Advise(_m);
            _mOrigin = AlignedOrigin(_m);
        }
        else
        {
            _m = new float[length];
            _v = new float[length];
            HugePages.Advise(_m);
            HugePages.Advise(_v);
        }
    }

    /// <inheritdoc/>
    public void Step(float[] w1, int hidden, int[] rows, int count, float[] gradients, float learningRate, float l2, GemmEngine engine)
    {
        _t++;
        float inverse1 = 1f / (1f - (float)Math.Pow(_beta1, _t));
        float inverse2 = 1f / (1f - (float)Math.Pow(_beta2, _t));
        ParallelRanges.For(engine, count, (long)count * hidden * 8,
            (from, to) => StepRows(w1, hidden, rows, from, to, gradients, learningRate, l2, inverse1, inverse2));
    }

    /// <summary>The address of row 0's first moment (in the interleaved layout its array is pinned, so it stays put); for the alignment test.</summary>
    internal unsafe nint FirstMomentAddress
    {
        get
        {
            fixed (float* p = _m)
            {
                return (nint)(p + _mOrigin);
            }
        }
    }

    /// <summary>The first index of <paramref name="array"/> (of its first 16) that sits on a 64-byte boundary.</summary>
    private static unsafe int AlignedOrigin(float[] array)
    {
        fixed (float* p = array)
        {
            return (int)((64 - ((long)p & 63)) & 63) / sizeof(float);
        }
    }

    private unsafe void StepRows(float[] w1, int hidden, int[] rows, int from, int to, float[] gradients, float lr, float l2, float inverse1, float inverse2)
    {
        float b1 = _beta1, b2 = _beta2, eps = _epsilon;
        // Row r's m starts at mOrigin + r·stride, its v at vOrigin + r·stride.
        int stride = _interleaved ? 2 * hidden : hidden;
        int mOrigin = _mOrigin, vOrigin = _interleaved ? _mOrigin + hidden : 0;
        fixed (float* w = w1, m = _m, v = _v)
        {
            for (int c = from; c < to; c++)
            {
                if (c + PrefetchDistance < to)
                {
                    long ahead = rows[c + PrefetchDistance];
                    SparseKernels.PrefetchRow(w + ahead * hidden, hidden);
                    SparseKernels.PrefetchRow(m + mOrigin + ahead * stride, hidden);
                    SparseKernels.PrefetchRow(v + vOrigin + ahead * stride, hidden);
                }
                int offset = rows[c] * hidden, at = rows[c] * stride;
                AdamRow(w1.AsSpan(offset, hidden), _m.AsSpan(mOrigin + at, hidden), _v.AsSpan(vOrigin + at, hidden), gradients.AsSpan(c * hidden, hidden),
                    b1, b2, inverse1, inverse2, lr, eps, l2);
            }
        }
    }

    /// <summary>One row of Adam with L2 folded into the gradient: g = dW + λ·W.</summary>
    internal static void AdamRow(Span<float> w, Span<float> m, Span<float> v, ReadOnlySpan<float> g,
        float b1, float b2, float inverse1, float inverse2, float lr, float eps, float l2)
    {
        int n = w.Length, i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            ref float wr = ref MemoryMarshal.GetReference(w);
            ref float mr = ref MemoryMarshal.GetReference(m);
            ref float vr = ref MemoryMarshal.GetReference(v);
            ref float gr = ref MemoryMarshal.GetReference(g);
            var vb1 = new Vector<float>(b1);
            var vb2 = new Vector<float>(b2);
            var va1 = new Vector<float>(1f - b1);
            var va2 = new Vector<float>(1f - b2);
            var vi1 = new Vector<float>(inverse1);
            var vi2 = new Vector<float>(inverse2);
            var vlr = new Vector<float>(lr);
            var veps = new Vector<float>(eps);
            var vl2 = new Vector<float>(l2);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<float> wi = Vector.LoadUnsafe(ref wr, (nuint)i);
                Vector<float> gi = Vector.LoadUnsafe(ref gr, (nuint)i) + vl2 * wi;
                Vector<float> mi = vb1 * Vector.LoadUnsafe(ref mr, (nuint)i) + va1 * gi;
                Vector<float> vi = vb2 * Vector.LoadUnsafe(ref vr, (nuint)i) + va2 * gi * gi;
                mi.StoreUnsafe(ref mr, (nuint)i);
                vi.StoreUnsafe(ref vr, (nuint)i);
                (wi - vlr * (mi * vi1) / (Vector.SquareRoot(vi * vi2) + veps)).StoreUnsafe(ref wr, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float gi = g[i] + l2 * w[i];
            m[i] = b1 * m[i] + (1f - b1) * gi;
            v[i] = b2 * v[i] + (1f - b2) * gi * gi;
            w[i] -= lr * (m[i] * inverse1) / (MathF.Sqrt(v[i] * inverse2) + eps);
        }
    }
}
