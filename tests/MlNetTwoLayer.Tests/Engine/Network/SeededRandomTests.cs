using MlNetTwoLayer.Engine.Network;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Network;

/// <summary>
/// <see cref="SeededRandom"/> against xoshiro256** seeded through SplitMix64 as published by
/// Blackman and Vigna. The expected values were computed with an independent Python transcription
/// of the reference C code (64-bit masks), not with this class: a seed must give the same model on
/// every platform, so the sequence itself is the contract.
/// </summary>
public class SeededRandomTests
{
    [Theory]
    [InlineData(42, 0x15780b2e0c2ec716UL, 0x6104d9866d113a7eUL, 0xae17533239e499a1UL, 0xecb8ad4703b360a1UL)]
    [InlineData(-1, 0x8f5520d52a7ead08UL, 0xc476a018caa1802dUL, 0x81de31c0d260469eUL, 0xbf658d7e065f3c2fUL)]
    public void TheBitsAreTheReferenceGenerators(int seed, ulong first, ulong second, ulong third, ulong fourth)
    {
        var random = new SeededRandom(seed);

        Assert.Equal([first, second, third, fourth], new[] { random.NextUInt64(), random.NextUInt64(), random.NextUInt64(), random.NextUInt64() });
    }

    [Fact]
    public void FloatsDoublesAndSeedsTakeTheTopBits()
    {
        var singles = new SeededRandom(7);
        var doubles = new SeededRandom(7);
        var seeds = new SeededRandom(7);

        Assert.Equal([11753722 / 16777216f, 4676669 / 16777216f, 14086611 / 16777216f], new[] { singles.NextSingle(), singles.NextSingle(), singles.NextSingle() });
        Assert.Equal([6310231968177966 / 9007199254740992.0, 2510767866374405 / 9007199254740992.0, 7562691848873359 / 9007199254740992.0],
            new[] { doubles.NextDouble(), doubles.NextDouble(), doubles.NextDouble() });
        Assert.Equal([1504476539, 598613707, 1803086244], new[] { seeds.NextSeed(), seeds.NextSeed(), seeds.NextSeed() });
    }

    [Fact]
    public void IntegersAndShufflesFollowTheReference()
    {
        var integers = new SeededRandom(7);
        var shuffle = new SeededRandom(7);
        int[] items = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

        shuffle.Shuffle(items);

        Assert.Equal([0, 4, 638, 349365034], new[] { integers.NextInt(1), integers.NextInt(10), integers.NextInt(1000), integers.NextInt(int.MaxValue) });
        Assert.Equal([8, 3, 9, 0, 7, 2, 1, 6, 5, 4], items);
        Assert.Throws<ArgumentOutOfRangeException>(() => integers.NextInt(0));
    }

    [Theory]
    [InlineData(3UL, 0xab11111111111111UL, 3UL)] // below 2^64 mod 10 = 6: rejected, the next draw decides
    [InlineData(1UL, 0xbc22222222222222UL, 6UL)] // exactly the threshold: accepted
    [InlineData(1UL, 0x065b05b05b05b05bUL, 7UL)] // below the bound but above the threshold: accepted
    public void ADrawBelow2To64ModTheBoundIsRejected(ulong s0, ulong s1, ulong first)
    {
        // Each state's first 64-bit output is `first` (xoshiro256**'s output depends on s1 alone); from a
        // seed such a draw comes once in 2^61 for a bound of 10, so only a set state reaches the rejection.
        const int bound = 10;
        ulong threshold = unchecked(0UL - bound) % bound;
        var twin = new SeededRandom(s0, s1, 2, 3);
        Assert.Equal(first, twin.NextUInt64());
        ulong second = twin.NextUInt64();
        Assert.True(second >= threshold && second % bound != first % bound, "the second draw must be accepted and tell the cases apart");

        int drawn = new SeededRandom(s0, s1, 2, 3).NextInt(bound);

        Assert.Equal(first < threshold ? (int)(second % bound) : (int)(first % bound), drawn);
    }

    [Fact]
    public void AShuffleDrawsOncePerSwapAndNoMore()
    {
        // Each epoch's shuffle continues the same generator, so a draw more or less (say for the last,
        // one-item step) would change every later epoch's order while this epoch's stays right.
        var shuffled = new SeededRandom(11);
        var counted = new SeededRandom(11);
        int[] items = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

        shuffled.Shuffle(items);
        for (int i = items.Length - 1; i > 0; i--)
        {
            counted.NextInt(i + 1);
        }

        Assert.Equal(counted.NextUInt64(), shuffled.NextUInt64());
        int[] one = [5];
        var single = new SeededRandom(11);
        single.Shuffle(one);
        Assert.Equal(new SeededRandom(11).NextUInt64(), single.NextUInt64()); // one item: no draw at all
        Assert.Equal([5], one);
    }
}
