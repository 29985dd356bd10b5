namespace MlNetTwoLayer.Engine.Persistence;

/// <summary>
/// Constants of the model file format described in docs/model-format.md. Every integer and float
/// is little-endian.
/// </summary>
internal static class ModelFormat
{
    /// <summary>The first four bytes of every file: ASCII "TLNN".</summary>
    public static ReadOnlySpan<byte> Magic => "TLNN"u8;

    /// <summary>The newest format version this library reads; it writes it for every model but the seed's softmax head with text labels (2 added the head block and the class label kind at offset 6).</summary>
    public const ushort CurrentVersion = 2;

    /// <summary>
    /// Version 1 has no head block: the head is the seed's softmax. Models with that head are still
    /// written as version 1, byte for byte as before, so older readers keep reading them.
    /// </summary>
    public const ushort SoftmaxOnlyVersion = 1;

    /// <summary>Bytes of the head block that follows the fixed header from version 2: head kind, Huber threshold, label offset, label scale.</summary>
    public const int HeadBlockSize = 24;


    /// <summary>Bytes of the fixed header: magic, version, class label kind (reserved in version 1), three sizes, activation, names length, weight count.</summary>
    public const int HeaderSize = 36;

    /// <summary>Bytes of the CRC-32 that ends the file.</summary>
    public const int ChecksumSize = 4;

    /// <summary>The longest class name accepted, in UTF-8 bytes; longer ones mean a damaged file.</summary>
    public const int MaxClassNameBytes = 1 << 16;

    /// <summary>The most classes accepted; a bound so a damaged count cannot ask for absurd work.</summary>
    public const int MaxClasses = 1 << 20;
}
