namespace MlNetTwoLayer.Engine.Persistence;

/// <summary>
/// Bytes read from a stream whose header claims a length, held so that memory follows what was
/// really read, not what was claimed: from a stream of known length, one array once the length is
/// confirmed; from a forward-only stream, 1 MiB chunks allocated one at a time as data arrives. A
/// lying header therefore costs at most the bytes present plus one chunk, and the checksum can be
/// verified over the chunks before anything as large as the model is allocated.
/// </summary>
internal sealed class ChunkedBytes
{
    /// <summary>Bytes per chunk when the stream's length is unknown.</summary>
    public const int ChunkSize = 1 << 20;

    private readonly List<byte[]> _chunks;

    private ChunkedBytes(List<byte[]> chunks, long length)
    {
        _chunks = chunks;
        Length = length;
    }

    /// <summary>Bytes held.</summary>
    public long Length { get; }

    /// <summary>
    /// Reads exactly <paramref name="count"/> bytes; when fewer are there, throws an
    /// <see cref="InvalidDataException"/> with the message <paramref name="truncated"/>(bytes present).
    /// </summary>
    public static ChunkedBytes Read(Stream stream, long count, Func<long, string> truncated) => Read(stream, count, truncated, Array.MaxLength);

    /// <summary>As <see cref="Read(Stream, long, Func{long, string})"/>, refusing more than <paramref name="maxLength"/> bytes from a stream of known length (one array's worth).</summary>
    /// <remarks>Tests lower <paramref name="maxLength"/> to check the limit with a few bytes instead of 2 GiB.</remarks>
    internal static ChunkedBytes Read(Stream stream, long count, Func<long, string> truncated, long maxLength)
    {
        if (stream.CanSeek)
        {
            long present = Math.Max(0, stream.Length - stream.Position);
            if (present < count || count > maxLength)
            {
                throw new InvalidDataException(truncated(present));
            }
            var exact = new byte[count];
            stream.ReadExactly(exact);
            return new ChunkedBytes([exact], count);
        }

        var chunks = new List<byte[]>();
        long total = 0;
        while (total < count)
        {
            var chunk = new byte[Math.Min(ChunkSize, count - total)];
            int filled = stream.ReadAtLeast(chunk, chunk.Length, throwOnEndOfStream: false);
            total += filled;
            if (filled < chunk.Length)
            {
                throw new InvalidDataException(truncated(total));
            }
            chunks.Add(chunk);
        }
        return new ChunkedBytes(chunks, total);
    }

    /// <summary>Copies the bytes from <paramref name="offset"/> on into <paramref name="destination"/> (its whole length).</summary>
    public void CopyTo(long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + destination.Length, Length);
        foreach (byte[] chunk in _chunks)
        {
            if (destination.IsEmpty)
            {
                return;
            }
            if (offset >= chunk.Length)
            {
                offset -= chunk.Length;
                continue;
            }
            int take = (int)Math.Min(chunk.Length - offset, destination.Length);
            chunk.AsSpan((int)offset, take).CopyTo(destination);
            destination = destination[take..];
            offset = 0;
        }
    }

    /// <summary>Adds the first <paramref name="count"/> bytes held to a running CRC-32.</summary>
    public void AppendTo(System.IO.Hashing.Crc32 crc, long count)
    {
        foreach (byte[] chunk in _chunks)
        {
            if (count <= 0)
            {
                break;
            }
            int take = (int)Math.Min(chunk.Length, count);
            crc.Append(chunk.AsSpan(0, take));
            count -= take;
        }
    }
}
