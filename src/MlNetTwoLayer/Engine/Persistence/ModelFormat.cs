namespace MlNetTwoLayer.Engine.Persistence;

/// <summary>
/// Constants of the model file format described in docs/model-format.md. Every integer and float
/// is little-endian.
/// </summary>
internal static class ModelFormat
{
    /// <summary>The first four bytes of every file: ASCII "TLNN".</summary>
    public static ReadOnlySpan<byte> Magic => "TLNN"u8;

    /// <summary>The newest format version this library reads and writes: 2 added the class label kind at offset 6.</summary>
    public const ushort CurrentVersion = 2;

    /// <summary>
    /// The version written for text class labels: 1, whose offset 6 is a reserved zero, so files of
    /// text-labelled models stay readable by libraries that know only version 1.
    /// </summary>
    public const ushort TextLabelsVersion = 1;

    /// <summary>Bytes of the fixed header: magic, version, class label kind (reserved in version 1), three sizes, activation, names length, weight count.</summary>
    public const int HeaderSize = 36;

    /// <summary>Bytes of the CRC-32 that ends the file.</summary>
    public const int ChecksumSize = 4;

    /// <summary>The longest class name accepted, in UTF-8 bytes; longer ones mean a damaged file.</summary>
    public const int MaxClassNameBytes = 1 << 16;

    /// <summary>The most classes accepted; a bound so a damaged count cannot ask for absurd work.</summary>
    public const int MaxClasses = 1 << 20;
}
