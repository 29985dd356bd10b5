namespace MlNetTwoLayer.Tests.MlNet.Persistence;

/// <summary>Seeded random damage of the kinds files really suffer: bit flips, overwritten bytes, truncation, inserted and dropped runs.</summary>
public static class Corruptor
{
    public static byte[] Damage(byte[] original, Random random)
    {
        byte[] bytes = original.ToArray();
        switch (random.Next(6))
        {
            case 0: // a few flipped bits
                for (int i = random.Next(1, 4); i > 0; i--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }
                return bytes;
            case 1: // a byte overwritten, biased towards the header where sizes live
                bytes[random.Next(2) == 0 ? random.Next(Math.Min(64, bytes.Length)) : random.Next(bytes.Length)] = (byte)random.Next(256);
                return bytes;
            case 2: // truncated
                return bytes[..random.Next(bytes.Length)];
            case 3: // a run of random bytes inserted
            {
                int at = random.Next(bytes.Length);
                var run = new byte[random.Next(1, 16)];
                random.NextBytes(run);
                return [.. bytes[..at], .. run, .. bytes[at..]];
            }
            case 4: // a run dropped
            {
                int at = random.Next(bytes.Length);
                int count = Math.Min(random.Next(1, 16), bytes.Length - at);
                return [.. bytes[..at], .. bytes[(at + count)..]];
            }
            default: // a 4-byte field replaced by an extreme value
            {
                int at = random.Next(Math.Max(1, bytes.Length - 4));
                int[] extremes = [0, -1, int.MaxValue, int.MinValue, 1 << 30, 0x7FFFFFF0];
                BitConverter.TryWriteBytes(bytes.AsSpan(at), extremes[random.Next(extremes.Length)]);
                return bytes;
            }
        }
    }
}
