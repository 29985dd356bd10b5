namespace MlNetTwoLayer.Engine.Persistence;

/// <summary>
/// The next <c>length</c> bytes of another stream, read forward only, so that a decoder can read an
/// embedded model straight from its container without a copy, and never past the model's end.
/// </summary>
internal sealed class SliceReadStream : Stream
{
    private readonly Stream _inner;
    private readonly long _length;

    /// <summary>Exposes the next <paramref name="length"/> bytes of <paramref name="inner"/> (which is not disposed with this).</summary>
    public SliceReadStream(Stream inner, long length)
    {
        _inner = inner;
        _length = length;
    }

    /// <summary>Bytes read through this slice so far.</summary>
    public long Consumed { get; private set; }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        int allowed = (int)Math.Min(buffer.Length, _length - Consumed);
        if (allowed <= 0)
        {
            return 0;
        }
        int read = _inner.Read(buffer[..allowed]);
        Consumed += read;
        return read;
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
