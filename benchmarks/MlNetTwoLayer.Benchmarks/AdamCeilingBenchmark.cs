using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Engine.Optimizers;

namespace MlNetTwoLayer.Benchmarks;

/// <summary>
/// Where a fused Adam step's time goes (issue 16's "show the arithmetic"): the real kernel
/// (<see cref="OptimizerKernels.Adam"/>) against two diagnostic loops over the same arrays, written here and
/// never used to train: <c>streams-only</c> does every load, flush and store of the kernel but replaces
/// <c>m / (√v + ε)</c> by <c>m · (v + ε)</c>, so it costs the memory traffic without the square root and the
/// division; <c>sqrt-div-only</c> loads m and v and sums <c>m / (√v + ε)</c> without storing anything. If the
/// kernel's time is close to <c>sqrt-div-only</c> and well above <c>streams-only</c>, the step is bound by the
/// processor's divide/square-root unit, not by memory, and only a different formula (an approximate
/// reciprocal square root, which changes the model's bits) would make it cheaper. The gradient-descent step is
/// printed beside it for the seed configuration's cost.
/// </summary>
internal static class AdamCeilingBenchmark
{
    /// <summary>Prints one <c>adam-ceiling</c> line per shape.</summary>
    public static void Run(BenchmarkOptions options, TextWriter output)
    {
        int repetitions = options.DryRun ? 3 : 2000;
        foreach ((string name, int count) in new[] { ("mnist", 784 * 128 + 128 + 128 * 10 + 10), ("digits", 64 * 64 + 64 + 64 * 10 + 10) })
        {
            var random = new Random(5);
            float[] p = new float[count], g = new float[count], m = new float[count], v = new float[count];
            for (int i = 0; i < count; i++)
            {
                p[i] = (float)(random.NextDouble() - 0.5);
                g[i] = (float)(random.NextDouble() - 0.5) * 1e-2f;
            }
            var c = new AdamCoefficients(0.9f, 0.999f, 1e-8f, 1e-3f, 10);
            // Several calls per timing on the small shape: the clock here ticks in 100 ns steps.
            int inner = Math.Max(1, 50_000 / count);
            TimeSpan warmUp = TimeSpan.FromSeconds(options.DryRun ? 0 : 0.25);
            double adam = double.MaxValue, streams = double.MaxValue, sqrtDiv = double.MaxValue, descent = double.MaxValue;
            float sink = 0;
            // Interleaved rounds: a busy neighbour slows every loop alike; the best of each is kept.
            for (int round = 0; round < 5; round++)
            {
                adam = Math.Min(adam, BestTime.Seconds(repetitions, inner, warmUp, () => OptimizerKernels.Adam(p, g, m, v, c, 1e-4f)));
                streams = Math.Min(streams, BestTime.Seconds(repetitions, inner, warmUp, () => StreamsOnly(p, g, m, v, c, 1e-4f)));
                sqrtDiv = Math.Min(sqrtDiv, BestTime.Seconds(repetitions, inner, warmUp, () => sink += SqrtDivOnly(m, v, c.Epsilon)));
                descent = Math.Min(descent, BestTime.Seconds(repetitions, inner, warmUp, () => OptimizerKernels.GradientDescent(p, g, 1e-3f, 1e-4f)));
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"adam-ceiling {name,-7} n={count} vector={(Vector512.IsHardwareAccelerated ? 512 : Vector<float>.Count * 32)} us/step: adam={adam * 1e6:F2} " +
                $"streams-only={streams * 1e6:F2} sqrt-div-only={sqrtDiv * 1e6:F2} gradient-descent={descent * 1e6:F2} (ns per weight: adam={adam * 1e9 / count:F3} " +
                $"sqrt-div-only={sqrtDiv * 1e9 / count:F3}){(sink == 12345 ? " " : "")}"));
        }
    }

    /// <summary>The kernel's loads, flushes and stores with <c>m · (v + ε)</c> for <c>m / (√v + ε)</c>: its memory cost alone.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StreamsOnly(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> firstMoment, Span<float> secondMoment, in AdamCoefficients c, float l2)
    {
        ref float p = ref MemoryMarshal.GetReference(parameters);
        ref float g = ref MemoryMarshal.GetReference(gradients);
        ref float m = ref MemoryMarshal.GetReference(firstMoment);
        ref float v = ref MemoryMarshal.GetReference(secondMoment);
        int n = parameters.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> b1 = Vector512.Create(c.Beta1), b2 = Vector512.Create(c.Beta2), c1 = Vector512.Create(c.OneMinusBeta1),
                c2 = Vector512.Create(c.OneMinusBeta2), rate = Vector512.Create(c.StepSize), eps = Vector512.Create(c.Epsilon), w = Vector512.Create(l2);
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512<float> pi = Vector512.LoadUnsafe(ref p, (nuint)i);
                Vector512<float> d = Vector512.LoadUnsafe(ref g, (nuint)i) + w * pi;
                Vector512<float> mi = Subnormals.Flush(b1 * Vector512.LoadUnsafe(ref m, (nuint)i) + c1 * d);
                Vector512<float> vi = Subnormals.Flush(b2 * Vector512.LoadUnsafe(ref v, (nuint)i) + c2 * d * d);
                mi.StoreUnsafe(ref m, (nuint)i);
                vi.StoreUnsafe(ref v, (nuint)i);
                Subnormals.Flush(pi - rate * mi * (vi + eps)).StoreUnsafe(ref p, (nuint)i);
            }
        }
        // The kernel's own second body, and its only one where the processor has no AVX-512 (AVX2: 256 bits).
        if (Vector.IsHardwareAccelerated)
        {
            Vector<float> b1 = new(c.Beta1), b2 = new(c.Beta2), c1 = new(c.OneMinusBeta1), c2 = new(c.OneMinusBeta2), rate = new(c.StepSize), eps = new(c.Epsilon), w = new(l2);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector<float> pi = Vector.LoadUnsafe(ref p, (nuint)i);
                Vector<float> d = Vector.LoadUnsafe(ref g, (nuint)i) + w * pi;
                Vector<float> mi = Subnormals.Flush(b1 * Vector.LoadUnsafe(ref m, (nuint)i) + c1 * d);
                Vector<float> vi = Subnormals.Flush(b2 * Vector.LoadUnsafe(ref v, (nuint)i) + c2 * d * d);
                mi.StoreUnsafe(ref m, (nuint)i);
                vi.StoreUnsafe(ref v, (nuint)i);
                Subnormals.Flush(pi - rate * mi * (vi + eps)).StoreUnsafe(ref p, (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            float pi = Unsafe.Add(ref p, i);
            float d = Unsafe.Add(ref g, i) + l2 * pi;
            float mi = Subnormals.Flush(c.Beta1 * Unsafe.Add(ref m, i) + c.OneMinusBeta1 * d);
            float vi = Subnormals.Flush(c.Beta2 * Unsafe.Add(ref v, i) + c.OneMinusBeta2 * d * d);
            Unsafe.Add(ref m, i) = mi;
            Unsafe.Add(ref v, i) = vi;
            Unsafe.Add(ref p, i) = Subnormals.Flush(pi - c.StepSize * mi * (vi + c.Epsilon));
        }
    }

    /// <summary>Only the square root and the division of the kernel, on its two moment streams, nothing stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float SqrtDivOnly(ReadOnlySpan<float> firstMoment, ReadOnlySpan<float> secondMoment, float epsilon)
    {
        ref float m = ref MemoryMarshal.GetReference(firstMoment);
        ref float v = ref MemoryMarshal.GetReference(secondMoment);
        int n = firstMoment.Length, i = 0;
        float total = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> eps = Vector512.Create(epsilon), sum = Vector512<float>.Zero;
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                sum += Vector512.LoadUnsafe(ref m, (nuint)i) / (Vector512.Sqrt(Vector512.LoadUnsafe(ref v, (nuint)i)) + eps);
            }
            total = Vector512.Sum(sum);
        }
        if (Vector.IsHardwareAccelerated)
        {
            Vector<float> eps = new(epsilon), sum = Vector<float>.Zero;
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                sum += Vector.LoadUnsafe(ref m, (nuint)i) / (Vector.SquareRoot(Vector.LoadUnsafe(ref v, (nuint)i)) + eps);
            }
            total += Vector.Sum(sum);
        }
        for (; i < n; i++)
        {
            total += Unsafe.Add(ref m, i) / (MathF.Sqrt(Unsafe.Add(ref v, i)) + epsilon);
        }
        return total;
    }
}
