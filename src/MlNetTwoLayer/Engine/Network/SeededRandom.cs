namespace MlNetTwoLayer.Engine.Network;

/// <summary>
/// A small xoshiro256** generator seeded through SplitMix64. Ours rather than <see cref="Random"/>
/// so that a seed gives the same model on every .NET version and platform.
/// </summary>
internal sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates a generator whose whole sequence is fixed by <paramref name="seed"/>.</summary>
    public SeededRandom(int seed)
    {
        ulong x = unchecked((ulong)(long)seed);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A float uniformly drawn from [0, 1), with 24 random bits.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>A double uniformly drawn from [0, 1), with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer uniformly drawn from [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExclusive, 1);
        ulong bound = (ulong)maxExclusive;
        ulong r = NextUInt64();
        // The rejection threshold 2^64 mod bound is below bound, so a draw of at least bound (all but
        // a 2^-33 share of them) is accepted without computing it: the same draws and results as
        // computing it first, one 64-bit division fewer per Fisher-Yates step.
        if (r < bound)
        {
            ulong threshold = (0UL - bound) % bound;
            while (r < threshold)
            {
                r = NextUInt64();
            }
        }
        return (int)(r % bound);
    }

    /// <summary>A non-negative int, used to derive independent child seeds.</summary>
    public int NextSeed() => (int)(NextUInt64() >> 33);

    /// <summary>Fisher–Yates shuffle of <paramref name="items"/> in place.</summary>
    public void Shuffle(Span<int> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A generator in the given state (not all zero), for tests.</summary>
    /// <remarks>Tests set the state to reach <see cref="NextInt"/>'s rejection of a draw below 2^64 mod the bound,
    /// a chance of about 2^-33 per draw from a seed.</remarks>
    internal SeededRandom(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
