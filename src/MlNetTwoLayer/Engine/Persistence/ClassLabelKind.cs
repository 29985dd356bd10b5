namespace MlNetTwoLayer.Engine.Persistence;

/// <summary>
/// The .NET type of a model's class labels (the values the training label's keys stood for), so a
/// model trained on <c>Single</c> labels gives <c>Single</c> labels back. Stored as a uint16 in the
/// model file (format version 2, header offset 6); the numbers never change.
/// </summary>
internal enum ClassLabelKind : ushort
{
    /// <summary>Text (ML.NET's <c>ReadOnlyMemory&lt;char&gt;</c>); every version-1 file.</summary>
    Text = 0,

    /// <summary><see cref="float"/>.</summary>
    Single = 1,

    /// <summary><see cref="double"/>.</summary>
    Double = 2,

    /// <summary><see cref="bool"/>.</summary>
    Boolean = 3,

    /// <summary><see cref="sbyte"/>.</summary>
    SByte = 4,

    /// <summary><see cref="byte"/>.</summary>
    Byte = 5,

    /// <summary><see cref="short"/>.</summary>
    Int16 = 6,

    /// <summary><see cref="ushort"/>.</summary>
    UInt16 = 7,

    /// <summary><see cref="int"/>.</summary>
    Int32 = 8,

    /// <summary><see cref="uint"/>.</summary>
    UInt32 = 9,

    /// <summary><see cref="long"/>.</summary>
    Int64 = 10,

    /// <summary><see cref="ulong"/>.</summary>
    UInt64 = 11,

    /// <summary><see cref="System.DateTime"/>.</summary>
    DateTime = 12,

    /// <summary><see cref="System.TimeSpan"/>.</summary>
    TimeSpan = 13,

    /// <summary><see cref="System.DateTimeOffset"/>.</summary>
    DateTimeOffset = 14,
}
