using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using MlNetTwoLayer.Engine.Numerics;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

/// <summary>
/// Every form of <see cref="Subnormals.Flush(float)"/> (scalar, <see cref="Vector{T}"/>, and both 512-bit forms) against a
/// naive twin, bit for bit, on the values where a flush can go wrong: both zeros, the subnormal range's ends, the normal
/// range's first values, infinities and NaNs with payloads.
/// </summary>
public class SubnormalsTests
{
    private static float FromBits(uint bits) => BitConverter.UInt32BitsToSingle(bits);

    private static uint Bits(float x) => BitConverter.SingleToUInt32Bits(x);

    /// <summary>The twin: +0 for ±0 and every subnormal, the value itself otherwise (NaN payloads and signs kept).</summary>
    private static float NaiveFlush(float x) => x == 0 || float.IsSubnormal(x) ? 0f : x;

    private static float[] Specials()
    {
        uint[] bits =
        {
            0x00000000, 0x80000000, // +0, -0
            0x00000001, 0x80000001, 0x007FFFFF, 0x807FFFFF, 0x00400000, 0x80012345, // subnormals
            0x00800000, 0x80800000, 0x00800001, 0x80800001, // the smallest normals
            0x3F800000, 0xBF800000, 0x7F7FFFFF, 0xFF7FFFFF, // ±1, ±max
            0x7F800000, 0xFF800000, // ±inf
            0x7FC00000, 0xFFC00001, 0x7F800001, 0x7FA5A5A5, // NaNs, quiet and signalling, with payloads
        };
        var values = new float[bits.Length];
        for (int i = 0; i < bits.Length; i++)
        {
            values[i] = FromBits(bits[i]);
        }
        return values;
    }

    [Fact]
    public void ScalarFlushMatchesItsTwinBitForBit()
    {
        foreach (float x in Specials())
        {
            Assert.Equal(Bits(NaiveFlush(x)), Bits(Subnormals.Flush(x)));
        }
    }

    [Fact]
    public void EveryVectorFlushMatchesTheTwinInEveryLane()
    {
        float[] specials = Specials();
        // Each special value in every lane position of both vector widths: slide the list through the lanes.
        for (int shift = 0; shift < Vector512<float>.Count; shift++)
        {
            var lanes = new float[Vector512<float>.Count];
            for (int lane = 0; lane < lanes.Length; lane++)
            {
                lanes[lane] = specials[(lane + shift) % specials.Length];
            }
            var expected = Array.ConvertAll(lanes, NaiveFlush);

            AssertLanes(expected, ToArray(Subnormals.Flush(Vector512.Create(lanes))), "Flush(Vector512)");
            AssertLanes(expected, ToArray(Subnormals.FlushByCompare(Vector512.Create(lanes))), "FlushByCompare");
            if (Avx512DQ.IsSupported)
            {
                AssertLanes(expected, ToArray(Subnormals.FlushByClass(Vector512.Create(lanes))), "FlushByClass");
            }
            var narrow = new float[Vector<float>.Count];
            Array.Copy(lanes, narrow, narrow.Length);
            var narrowOut = new float[narrow.Length];
            Subnormals.Flush(new Vector<float>(narrow)).CopyTo(narrowOut);
            AssertLanes(Array.ConvertAll(narrow, NaiveFlush), narrowOut, "Flush(Vector<float>)");
        }
    }

    [Fact]
    public void CountCountsOnlyNonZeroSubnormals()
    {
        Assert.Equal(6, Subnormals.Count(Specials()));
    }

    private static float[] ToArray(Vector512<float> v)
    {
        var a = new float[Vector512<float>.Count];
        v.CopyTo(a);
        return a;
    }

    private static void AssertLanes(float[] expected, float[] actual, string form)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Bits(expected[i]) == Bits(actual[i]),
                $"{form}, lane {i}: expected 0x{Bits(expected[i]):X8}, got 0x{Bits(actual[i]):X8}.");
        }
    }
}
