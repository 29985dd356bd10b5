using Xunit;
using MlNetTwoLayer.Engine.Optimizers;

namespace MlNetTwoLayer.Tests.Engine.Optimizers;

/// <summary>
/// The fused kernels step a few values one at a time to bring the parameters onto a 64-byte line
/// (<see cref="OptimizerKernels.HeadToLine"/>), and the optimisers keep their state on the parameters'
/// phase (<see cref="LinePhasedBuffer"/>): from every starting phase the kernels must still give their
/// naive twins' bits, and moving the parameters must not lose or change the state.
/// </summary>
public unsafe class OptimizerAlignmentTests
{
    private const float MinNormal = 1.17549435E-38f;

    private static float Flush(float x) => Math.Abs(x) < MinNormal ? 0f : x;

    /// <summary>A pinned array, so a slice's phase within a line is fixed by its offset.</summary>
    private static float[] Pinned(int n, int seed, float scale, bool positive = false)
    {
        var random = new Random(seed);
        float[] a = GC.AllocateArray<float>(n, pinned: true);
        for (int i = 0; i < n; i++)
        {
            float x = i % 7 == 3 ? (float)((random.NextDouble() - 0.5) * 4e-37) : (float)((random.NextDouble() * 2 - 1) * scale);
            a[i] = positive ? Math.Abs(x) : x;
        }
        return a;
    }

    private static long Address(Span<float> s)
    {
        fixed (float* p = s)
        {
            return (long)p;
        }
    }

    [Fact]
    public void TheHeadBringsALongSpanOntoALineFromEveryPhase()
    {
        const int n = OptimizerKernels.PeelMinimum;
        float[] a = Pinned(n + 16, 1, 1f);
        var heads = new HashSet<int>();
        for (int offset = 0; offset < 16; offset++)
        {
            Span<float> s = a.AsSpan(offset, n);
            int head = OptimizerKernels.HeadToLine(s);
            Assert.InRange(head, 0, 15);
            Assert.Equal(0, (Address(s) + head * sizeof(float)) % 64);
            heads.Add(head);
            // A shorter span is not peeled.
            Assert.Equal(0, OptimizerKernels.HeadToLine(a.AsSpan(offset, n - 1)));
        }
        Assert.Equal(16, heads.Count);
    }

    public static TheoryData<int, float> PhasesLengthsAndL2()
    {
        var data = new TheoryData<int, float>();
        const int peeled = OptimizerKernels.PeelMinimum;
        foreach (int n in new[] { 1, 17, 70, peeled - 1, peeled, peeled + 15, peeled + 37 })
        {
            data.Add(n, 0f);
            data.Add(n, 1e-3f);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PhasesLengthsAndL2))]
    public void AdamMatchesItsTwinFromEveryPhase(int n, float l2)
    {
        var c = new AdamCoefficients(0.9f, 0.999f, 1e-8f, 0.01f, t: 5);
        for (int offset = 0; offset < 16; offset++)
        {
            float[] p = Pinned(n + 16, 2, 1f), g = Pinned(n + 16, 3, 0.5f), m = Pinned(n + 16, 4, 0.01f), v = Pinned(n + 16, 5, 0.01f, positive: true);
            float[] ep = p.AsSpan(offset, n).ToArray(), em = m.AsSpan(offset, n).ToArray(), ev = v.AsSpan(offset, n).ToArray(), eg = g.AsSpan(offset, n).ToArray();
            for (int i = 0; i < n; i++)
            {
                float d = l2 == 0 ? eg[i] : eg[i] + l2 * ep[i];
                em[i] = Flush(c.Beta1 * em[i] + c.OneMinusBeta1 * d);
                ev[i] = Flush(c.Beta2 * ev[i] + c.OneMinusBeta2 * d * d);
                ep[i] = Flush(ep[i] - c.StepSize * em[i] / (MathF.Sqrt(ev[i]) + c.Epsilon));
            }
            OptimizerKernels.Adam(p.AsSpan(offset, n), g.AsSpan(offset, n), m.AsSpan(offset, n), v.AsSpan(offset, n), c, l2);
            Assert.Equal(ep, p.AsSpan(offset, n).ToArray());
            Assert.Equal(em, m.AsSpan(offset, n).ToArray());
            Assert.Equal(ev, v.AsSpan(offset, n).ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(PhasesLengthsAndL2))]
    public void GradientDescentAndMomentumMatchTheirTwinsFromEveryPhase(int n, float l2)
    {
        for (int offset = 0; offset < 16; offset++)
        {
            float[] p = Pinned(n + 16, 6, 1f), g = Pinned(n + 16, 7, 0.5f);
            float[] ep = p.AsSpan(offset, n).ToArray(), eg = g.AsSpan(offset, n).ToArray();
            for (int i = 0; i < n; i++)
            {
                ep[i] = Flush(ep[i] + -0.05f * (l2 == 0 ? eg[i] : eg[i] + l2 * ep[i]));
            }
            OptimizerKernels.GradientDescent(p.AsSpan(offset, n), g.AsSpan(offset, n), 0.05f, l2);
            Assert.Equal(ep, p.AsSpan(offset, n).ToArray());

            foreach (bool nesterov in new[] { false, true })
            {
                float[] q = Pinned(n + 16, 8, 1f), vel = Pinned(n + 16, 9, 0.1f);
                float[] eq = q.AsSpan(offset, n).ToArray(), evel = vel.AsSpan(offset, n).ToArray();
                for (int i = 0; i < n; i++)
                {
                    float step = -0.05f * (l2 == 0 ? eg[i] : eg[i] + l2 * eq[i]);
                    evel[i] = Flush(0.9f * evel[i] + step);
                    eq[i] = Flush(eq[i] + (nesterov ? 0.9f * evel[i] + step : evel[i]));
                }
                OptimizerKernels.Momentum(q.AsSpan(offset, n), g.AsSpan(offset, n), vel.AsSpan(offset, n), 0.05f, 0.9f, nesterov, l2);
                Assert.Equal(eq, q.AsSpan(offset, n).ToArray());
                Assert.Equal(evel, vel.AsSpan(offset, n).ToArray());
            }
        }
    }

    [Fact]
    public void PlacingKeepsTheValuesAndTakesTheParametersPhase()
    {
        var buffer = new LinePhasedBuffer(37);
        for (int i = 0; i < 37; i++)
        {
            buffer.Values[i] = i + 0.5f;
        }
        float[] parameters = GC.AllocateArray<float>(37 + 16, pinned: true);
        var offsets = new HashSet<int>();
        for (int phase = 15; phase >= 0; phase--)
        {
            fixed (float* p = &parameters[phase])
            {
                float* placed = buffer.Place(p, [(nuint)p]);
                Assert.Equal((long)p % 64, (long)placed % 64);
                Assert.Equal(Address(buffer.Values), (long)placed);
            }
            offsets.Add(buffer.Offset);
            for (int i = 0; i < 37; i++)
            {
                Assert.Equal(i + 0.5f, buffer.Values[i]);
            }
        }
        // The values really moved: one position per phase.
        Assert.Equal(16, offsets.Count);
    }

    [Fact]
    public void PlacingKeepsAwayFromTheOtherStreamsWithinAPage()
    {
        var buffer = new LinePhasedBuffer(1000);
        float[] parameters = GC.AllocateArray<float>(4096, pinned: true);
        fixed (float* p = parameters)
        {
            // Parameters and gradients a quarter of a page apart: the farthest line of the parameters'
            // phase is about 3/8 of a page from both.
            nuint pa = (nuint)p, ga = pa + 1024;
            buffer.Place(p, [pa, ga]);
            int position = buffer.PagePosition;
            Assert.Equal((int)(pa % 64), position % 64);
            foreach (nuint other in new[] { pa, ga })
            {
                int d = Math.Abs(position - (int)(other % 4096));
                Assert.True(Math.Min(d, 4096 - d) >= 1472, $"The state sits {Math.Min(d, 4096 - d)} bytes from a stream within a page.");
            }
        }
    }

    [Fact]
    public void AnEmptyBufferPlacesNothing()
    {
        var buffer = new LinePhasedBuffer(0);
        float[] parameters = GC.AllocateArray<float>(4, pinned: true);
        fixed (float* p = &parameters[1])
        {
            buffer.Place(p, [(nuint)p]);
        }
        Assert.Equal(0, buffer.Values.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinePhasedBuffer(-1));
    }

    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.ClassicalMomentum)]
    [InlineData(OptimizerKind.Nesterov)]
    public void StateFollowsParametersThatMove(OptimizerKind kind)
    {
        // The same three steps on parameters that stay put, and on parameters moved to another phase
        // before each step (their values copied): the state must move with them, so the bits agree.
        const int n = 301;
        float[] g = Pinned(n, 10, 0.5f);
        float[] still = Pinned(n, 11, 1f);
        float[] moving = GC.AllocateArray<float>(n + 48, pinned: true);
        IOptimizer a = OptimizerFactory.Create(kind, n, 0.9f, 0.9f, 0.999f, 1e-8f, decay: null, threads: null);
        IOptimizer b = OptimizerFactory.Create(kind, n, 0.9f, 0.9f, 0.999f, 1e-8f, decay: null, threads: null);
        still.AsSpan().CopyTo(moving.AsSpan(0, n));
        int at = 0;
        foreach (int next in new[] { 5, 22, 13 })
        {
            moving.AsSpan(at, n).CopyTo(moving.AsSpan(next, n));
            at = next;
            a.Step(still, g, 0.01f);
            b.Step(moving.AsSpan(at, n), g, 0.01f);
            Assert.Equal(still, moving.AsSpan(at, n).ToArray());
        }
    }
}
