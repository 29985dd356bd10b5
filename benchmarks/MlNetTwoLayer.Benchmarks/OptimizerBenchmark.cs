using System.Globalization;
using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Engine.Optimizers;

namespace MlNetTwoLayer.Benchmarks;

/// <summary>
/// Microseconds per optimiser step over the MNIST-shape buffer (784·128 + 128 + 128·10 + 10 =
/// 101,770 values) and the digits shape (4,810), with L2 on, for each rule on 1 and N threads, against
/// the scalar Adam loop the project had before (kept here as the reference, with the separate L2 pass
/// it needed). A second pair runs both on moments full of subnormal values, as a long fit leaves them
/// when they are not flushed: the old loop slows down, the fused kernel does not (it flushes them on
/// the first step, and stores none after). Best of many short repetitions: robust to a busy machine.
/// </summary>
internal static class OptimizerBenchmark
{
    /// <summary>Prints one <c>optimizer</c> line per rule, shape and thread count.</summary>
    public static void Run(BenchmarkOptions options, TextWriter output)
    {
        int repetitions = options.DryRun ? 3 : 400;
        foreach ((string name, int count) in new[] { ("mnist", 784 * 128 + 128 + 128 * 10 + 10), ("digits", 64 * 64 + 64 + 64 * 10 + 10) })
        {
            var decay = new WeightDecay(1e-4f, (0, count - 200));
            double reference = Best(repetitions, new ScalarAdamReference(count), count, subnormal: false);
            output.WriteLine(Line(name, count, "adam-scalar-before", 1, reference, reference));
            foreach (int threads in options.Threads == 1 ? new[] { 1 } : new[] { 1, options.Threads })
            {
                using var engine = new GemmEngine(threads);
                foreach (OptimizerKind kind in new[] { OptimizerKind.Adam, OptimizerKind.Nesterov, OptimizerKind.GradientDescent })
                {
                    IOptimizer optimizer = OptimizerFactory.Create(kind, count, 0.9f, 0.9f, 0.999f, 1e-8f, decay, engine);
                    output.WriteLine(Line(name, count, kind.ToString().ToLowerInvariant() + "-fused", threads, Best(repetitions, optimizer, count, subnormal: false), reference));
                }
            }
            double slowBefore = Best(repetitions, new ScalarAdamReference(count), count, subnormal: true);
            output.WriteLine(Line(name, count, "adam-scalar-before subnormal-moments", 1, slowBefore, reference));
            double fusedSubnormal = Best(repetitions, new AdamOptimizer(count, decay: decay), count, subnormal: true);
            output.WriteLine(Line(name, count, "adam-fused subnormal-moments", 1, fusedSubnormal, reference));
        }
    }

    private static string Line(string shape, int count, string rule, int threads, double seconds, double reference) =>
        string.Create(CultureInfo.InvariantCulture, $"optimizer {shape,-7} n={count} {rule,-36} threads={threads} us/step={seconds * 1e6,8:F1} vs-scalar-adam={reference / seconds:F2}x");

    /// <summary>Best seconds per step after <paramref name="warmUpSeconds"/>; <paramref name="subnormal"/> gives gradients that keep the moments subnormal.</summary>
    internal static double Best(int repetitions, IOptimizer optimizer, int count, bool subnormal, double warmUpSeconds = 0.5)
    {
        var random = new Random(3);
        var parameters = new float[count];
        var gradients = new float[count];
        for (int i = 0; i < count; i++)
        {
            parameters[i] = (float)(random.NextDouble() - 0.5);
            // 1e-22² underflows: v stays subnormal-or-zero, and m = 0.1·g is subnormal territory for |g| < 1e-37.
            gradients[i] = subnormal ? (float)((random.NextDouble() - 0.5) * 2e-37) : (float)(random.NextDouble() - 0.5) * 1e-2f;
        }
        return BestTime.Seconds(repetitions, inner: 1, TimeSpan.FromSeconds(repetitions > 3 ? warmUpSeconds : 0), () => optimizer.Step(parameters, gradients, 1e-3f));
    }

    /// <summary>The project's Adam before issue 16: a scalar loop with two divisions and a square root per weight, after a separate L2 pass.</summary>
    private sealed class ScalarAdamReference : IOptimizer
    {
        private readonly float[] _m, _v;
        private int _t;

        public ScalarAdamReference(int count)
        {
            _m = new float[count];
            _v = new float[count];
        }

        public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, float learningRate)
        {
            const float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f, l2 = 1e-4f;
            _t++;
            float correction1 = 1f - (float)Math.Pow(b1, _t);
            float correction2 = 1f - (float)Math.Pow(b2, _t);
            // The old trainer's AddL2Gradient: its own pass, into a gradient copy here so repetitions stay alike.
            int decayed = parameters.Length - 200;
            float[] copy = Scratch(gradients.Length);
            gradients.CopyTo(copy);
            VectorKernels.AddScaled(copy.AsSpan(0, decayed), parameters[..decayed], l2);
            Span<float> m = _m, v = _v;
            for (int i = 0; i < parameters.Length; i++)
            {
                float gi = copy[i];
                m[i] = b1 * m[i] + (1f - b1) * gi;
                v[i] = b2 * v[i] + (1f - b2) * gi * gi;
                float mHat = m[i] / correction1;
                float vHat = v[i] / correction2;
                parameters[i] -= learningRate * mHat / (MathF.Sqrt(vHat) + eps);
            }
        }

        private float[]? _scratch;

        private float[] Scratch(int length) => _scratch ??= new float[length];
    }
}
