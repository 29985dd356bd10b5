using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Engine.Optimizers;

/// <summary>
/// The fused update rules over flat spans: one pass reads the gradient, folds in L2 (<c>d = g + λ·θ</c>),
/// updates the optimiser state and the parameters, and stores every value flushed to zero below the
/// normal range (see <see cref="Subnormals"/>). SIMD with <see cref="Vector512{T}"/> where the processor
/// has it, then <see cref="Vector{T}"/>, then a scalar tail, all three performing the same IEEE
/// operations in the same order (no fused multiply-add), so results do not depend on where a span is
/// cut, hence not on the thread count. Each has a naive scalar twin in the tests.
/// The 512-bit body is not for the arithmetic width (Zen 4 splits a 512-bit operation in two): it is
/// half the instructions of the 256-bit <see cref="Vector{T}"/> body, and the flush compares into a mask
/// register; measured on Zen 4 the Adam step over the MNIST shape's 101,770 values took 34-36 µs
/// against 44-54 µs with <see cref="Vector{T}"/> alone.
/// </summary>
/// <remarks>Flat spans in, so a caller may step any slice (e.g. the rows of W1 a sparse batch touched).</remarks>
internal static class OptimizerKernels
{
    /// <summary>The seed's <c>θ += (-lr)·d</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GradientDescent(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate, float l2)
    {
        CheckLengths(parameters.Length, gradients.Length, parameters.Length, parameters.Length);
        float step = -learningRate;
        ref float p = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        int n = parameters.Length, i = HeadToLine(parameters);
        GradientDescentScalar(ref p, ref g, step, l2, 0, i);
        if (Vector512.IsHardwareAccelerated)
        {
            var wStep = Vector512.Create(step);
            var wL2 = Vector512.Create(l2);
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512<float> pi = Vector512.LoadUnsafe(ref p, (nuint)i);
                Vector512<float> d = Vector512.LoadUnsafe(ref g, (nuint)i);
                if (l2 != 0)
                {
                    d += wL2 * pi;
                }
                Subnormals.Flush(pi + wStep * d).StoreUnsafe(ref p, (nuint)i);
            }
        }
        if (Vector.IsHardwareAccelerated)
        {
            var vStep = new Vector<float>(step);
            var vL2 = new Vector<float>(l2);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<float> pi = Vector.LoadUnsafe(ref p, (nuint)i);
                Vector<float> d = Vector.LoadUnsafe(ref g, (nuint)i);
                if (l2 != 0)
                {
                    d += vL2 * pi;
                }
                Subnormals.Flush(pi + vStep * d).StoreUnsafe(ref p, (nuint)i);
            }
        }
        GradientDescentScalar(ref p, ref g, step, l2, i, n);
    }

    private static void GradientDescentScalar(ref float p, ref float g, float step, float l2, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            float pi = At(ref p, i);
            float d = At(ref g, i);
            if (l2 != 0)
            {
                d += l2 * pi;
            }
            At(ref p, i) = Subnormals.Flush(pi + step * d);
        }
    }

    /// <summary>
    /// <c>v = μ·v + (-lr)·d</c>, then <c>θ += v</c> (classical) or <c>θ += μ·v + (-lr)·d</c> (Nesterov),
    /// as scikit-learn's SGD solver writes them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Momentum(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> velocity, float learningRate, float momentum, bool nesterov, float l2)
    {
        CheckLengths(parameters.Length, gradients.Length, velocity.Length, parameters.Length);
        float rate = -learningRate;
        ref float p = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float v = ref MemoryMarshal.GetReference(velocity);
        int n = parameters.Length, i = HeadToLine(parameters);
        MomentumScalar(ref p, ref g, ref v, rate, momentum, nesterov, l2, 0, i);
        if (Vector512.IsHardwareAccelerated)
        {
            var wRate = Vector512.Create(rate);
            var wMu = Vector512.Create(momentum);
            var wL2 = Vector512.Create(l2);
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512<float> pi = Vector512.LoadUnsafe(ref p, (nuint)i);
                Vector512<float> d = Vector512.LoadUnsafe(ref g, (nuint)i);
                if (l2 != 0)
                {
                    d += wL2 * pi;
                }
                Vector512<float> step = wRate * d;
                Vector512<float> vi = Subnormals.Flush(wMu * Vector512.LoadUnsafe(ref v, (nuint)i) + step);
                vi.StoreUnsafe(ref v, (nuint)i);
                Subnormals.Flush(pi + (nesterov ? wMu * vi + step : vi)).StoreUnsafe(ref p, (nuint)i);
            }
        }
        if (Vector.IsHardwareAccelerated)
        {
            var vRate = new Vector<float>(rate);
            var vMu = new Vector<float>(momentum);
            var vL2 = new Vector<float>(l2);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<float> pi = Vector.LoadUnsafe(ref p, (nuint)i);
                Vector<float> d = Vector.LoadUnsafe(ref g, (nuint)i);
                if (l2 != 0)
                {
                    d += vL2 * pi;
                }
                Vector<float> step = vRate * d;
                Vector<float> vi = Subnormals.Flush(vMu * Vector.LoadUnsafe(ref v, (nuint)i) + step);
                vi.StoreUnsafe(ref v, (nuint)i);
                Subnormals.Flush(pi + (nesterov ? vMu * vi + step : vi)).StoreUnsafe(ref p, (nuint)i);
            }
        }
        MomentumScalar(ref p, ref g, ref v, rate, momentum, nesterov, l2, i, n);
    }

    private static void MomentumScalar(ref float p, ref float g, ref float v, float rate, float momentum, bool nesterov, float l2, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            float pi = At(ref p, i);
            float d = At(ref g, i);
            if (l2 != 0)
            {
                d += l2 * pi;
            }
            float step = rate * d;
            float vi = Subnormals.Flush(momentum * At(ref v, i) + step);
            At(ref v, i) = vi;
            At(ref p, i) = Subnormals.Flush(pi + (nesterov ? momentum * vi + step : vi));
        }
    }

    /// <summary>
    /// Adam: <c>m = β1·m + (1-β1)·d</c>, <c>v = β2·v + (1-β2)·d·d</c>, <c>θ -= α_t·m / (√v + ε̂)</c>
    /// (see <see cref="AdamCoefficients"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Adam(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> firstMoment, Span<float> secondMoment, in AdamCoefficients c, float l2)
    {
        CheckLengths(parameters.Length, gradients.Length, firstMoment.Length, secondMoment.Length);
        ref float p = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float m = ref MemoryMarshal.GetReference(firstMoment);
        ref float v = ref MemoryMarshal.GetReference(secondMoment);
        float b1 = c.Beta1, b2 = c.Beta2, c1 = c.OneMinusBeta1, c2 = c.OneMinusBeta2, rate = c.StepSize, eps = c.Epsilon;
        int n = parameters.Length, i = HeadToLine(parameters);
        AdamScalar(ref p, ref g, ref m, ref v, c, l2, 0, i);
        if (Vector512.IsHardwareAccelerated)
        {
            var wB1 = Vector512.Create(b1);
            var wB2 = Vector512.Create(b2);
            var wC1 = Vector512.Create(c1);
            var wC2 = Vector512.Create(c2);
            var wRate = Vector512.Create(rate);
            var wEps = Vector512.Create(eps);
            var wL2 = Vector512.Create(l2);
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512<float> pi = Vector512.LoadUnsafe(ref p, (nuint)i);
                Vector512<float> d = Vector512.LoadUnsafe(ref g, (nuint)i);
                if (l2 != 0)
                {
                    d += wL2 * pi;
                }
                Vector512<float> mi = Subnormals.Flush(wB1 * Vector512.LoadUnsafe(ref m, (nuint)i) + wC1 * d);
                Vector512<float> vi = Subnormals.Flush(wB2 * Vector512.LoadUnsafe(ref v, (nuint)i) + wC2 * d * d);
                mi.StoreUnsafe(ref m, (nuint)i);
                vi.StoreUnsafe(ref v, (nuint)i);
                Subnormals.Flush(pi - wRate * mi / (Vector512.Sqrt(vi) + wEps)).StoreUnsafe(ref p, (nuint)i);
            }
        }
        if (Vector.IsHardwareAccelerated)
        {
            var vB1 = new Vector<float>(b1);
            var vB2 = new Vector<float>(b2);
            var vC1 = new Vector<float>(c1);
            var vC2 = new Vector<float>(c2);
            var vRate = new Vector<float>(rate);
            var vEps = new Vector<float>(eps);
            var vL2 = new Vector<float>(l2);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<float> pi = Vector.LoadUnsafe(ref p, (nuint)i);
                Vector<float> d = Vector.LoadUnsafe(ref g, (nuint)i);
                if (l2 != 0)
                {
                    d += vL2 * pi;
                }
                Vector<float> mi = Subnormals.Flush(vB1 * Vector.LoadUnsafe(ref m, (nuint)i) + vC1 * d);
                Vector<float> vi = Subnormals.Flush(vB2 * Vector.LoadUnsafe(ref v, (nuint)i) + vC2 * d * d);
                mi.StoreUnsafe(ref m, (nuint)i);
                vi.StoreUnsafe(ref v, (nuint)i);
                Subnormals.Flush(pi - vRate * mi / (Vector.SquareRoot(vi) + vEps)).StoreUnsafe(ref p, (nuint)i);
            }
        }
        AdamScalar(ref p, ref g, ref m, ref v, c, l2, i, n);
    }

    private static void AdamScalar(ref float p, ref float g, ref float m, ref float v, in AdamCoefficients c, float l2, int from, int to)
    {
        float b1 = c.Beta1, b2 = c.Beta2, c1 = c.OneMinusBeta1, c2 = c.OneMinusBeta2, rate = c.StepSize, eps = c.Epsilon;
        for (int i = from; i < to; i++)
        {
            float pi = At(ref p, i);
            float d = At(ref g, i);
            if (l2 != 0)
            {
                d += l2 * pi;
            }
            float mi = Subnormals.Flush(b1 * At(ref m, i) + c1 * d);
            float vi = Subnormals.Flush(b2 * At(ref v, i) + c2 * d * d);
            At(ref m, i) = mi;
            At(ref v, i) = vi;
            At(ref p, i) = Subnormals.Flush(pi - rate * mi / (MathF.Sqrt(vi) + eps));
        }
    }

    /// <summary>
    /// Spans shorter than this are not peeled: they sit in L1 or L2, where a straddling access costs
    /// little, and up to 15 scalar steps (a square root and a division each, for Adam) would cost more.
    /// Measured on the digits shape (4,810 values, 4 pieces): peeling every piece took Adam's step
    /// from 1.44 to 2.1-2.8 µs.
    /// </summary>
    internal const int PeelMinimum = 4096;

    /// <summary>
    /// How many leading values to step one at a time so the vector body's loads and stores of the
    /// parameters (and of state kept on their phase, <see cref="LinePhasedBuffer"/>) start on a 64-byte line: a
    /// 512-bit access that straddles two lines costs two. Measured on Zen 4 (MNIST shape, 2 threads, in a
    /// training loop): Adam's step 14 ms an epoch with the parameters and moments on a line boundary,
    /// 24 ms with all four streams 48 bytes off; gradient descent 7.5 against 10.5 ms. The scalar steps
    /// give the vector body's bits, so results do not depend on it (and a value the garbage collector
    /// moves after this is read only runs slower).
    /// </summary>
    internal static unsafe int HeadToLine(Span<float> parameters)
    {
        nuint address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(parameters));
        if (address % sizeof(float) != 0 || parameters.Length < PeelMinimum)
        {
            return 0;
        }
        return (int)Math.Min((uint)parameters.Length, (64 - address % 64) % 64 / sizeof(float));
    }

    private static ref float At(ref float start, int i) => ref System.Runtime.CompilerServices.Unsafe.Add(ref start, i);

    private static void CheckLengths(int parameters, int gradients, int state1, int state2)
    {
        if (gradients != parameters || state1 != parameters || state2 != parameters)
        {
            throw new ArgumentException($"The optimiser's spans differ in length: {parameters} parameters, {gradients} gradients, state {state1} and {state2}.");
        }
    }
}
