using System.Globalization;

namespace MlNetTwoLayer.Engine.Persistence;

/// <summary>
/// Class labels as text that reads back to the same value: the model keeps one name per class, and
/// for a typed label (<see cref="ClassLabelKind"/> other than text) that name is the value's
/// canonical, culture-independent, round-trip text ("0.1", "True", "2024-01-02T03:04:05.0000000Z").
/// </summary>
internal static class ClassLabelText
{
    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    /// <summary>The .NET type a kind stands for (<see cref="string"/> for text).</summary>
    public static Type ClrType(ClassLabelKind kind) => kind switch
    {
        ClassLabelKind.Text => typeof(string),
        ClassLabelKind.Single => typeof(float),
        ClassLabelKind.Double => typeof(double),
        ClassLabelKind.Boolean => typeof(bool),
        ClassLabelKind.SByte => typeof(sbyte),
        ClassLabelKind.Byte => typeof(byte),
        ClassLabelKind.Int16 => typeof(short),
        ClassLabelKind.UInt16 => typeof(ushort),
        ClassLabelKind.Int32 => typeof(int),
        ClassLabelKind.UInt32 => typeof(uint),
        ClassLabelKind.Int64 => typeof(long),
        ClassLabelKind.UInt64 => typeof(ulong),
        ClassLabelKind.DateTime => typeof(DateTime),
        ClassLabelKind.TimeSpan => typeof(TimeSpan),
        ClassLabelKind.DateTimeOffset => typeof(DateTimeOffset),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown class label kind."),
    };

    /// <summary>The kind of a .NET type, or false when labels of that type are kept as text.</summary>
    public static bool TryGetKind(Type type, out ClassLabelKind kind)
    {
        foreach (ClassLabelKind candidate in Enum.GetValues<ClassLabelKind>())
        {
            if (ClrType(candidate) == type)
            {
                kind = candidate;
                return true;
            }
        }
        kind = ClassLabelKind.Text;
        return false;
    }

    /// <summary>The canonical text of a label value of the kind's type.</summary>
    public static string Format(object value) => value switch
    {
        string s => s,
        float f => f.ToString("R", s_invariant),
        double d => d.ToString("R", s_invariant),
        bool b => b ? bool.TrueString : bool.FalseString,
        DateTime t => t.ToString("O", s_invariant),
        TimeSpan t => t.ToString("c", s_invariant),
        DateTimeOffset t => t.ToString("O", s_invariant),
        IFormattable f => f.ToString(null, s_invariant),
        null => throw new ArgumentNullException(nameof(value)),
        _ => throw new ArgumentException($"Class labels of type {value.GetType().Name} are not supported.", nameof(value)),
    };

    /// <summary>Reads canonical text back as a value of <paramref name="kind"/>'s type.</summary>
    /// <exception cref="FormatException">The text is not a canonical value of that type.</exception>
    public static object Parse(ClassLabelKind kind, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const NumberStyles Integer = NumberStyles.AllowLeadingSign;
        const NumberStyles Real = NumberStyles.Float;
        object value = kind switch
        {
            ClassLabelKind.Text => text,
            ClassLabelKind.Single => float.Parse(text, Real, s_invariant),
            ClassLabelKind.Double => double.Parse(text, Real, s_invariant),
            ClassLabelKind.Boolean => bool.Parse(text),
            ClassLabelKind.SByte => sbyte.Parse(text, Integer, s_invariant),
            ClassLabelKind.Byte => byte.Parse(text, Integer, s_invariant),
            ClassLabelKind.Int16 => short.Parse(text, Integer, s_invariant),
            ClassLabelKind.UInt16 => ushort.Parse(text, Integer, s_invariant),
            ClassLabelKind.Int32 => int.Parse(text, Integer, s_invariant),
            ClassLabelKind.UInt32 => uint.Parse(text, Integer, s_invariant),
            ClassLabelKind.Int64 => long.Parse(text, Integer, s_invariant),
            ClassLabelKind.UInt64 => ulong.Parse(text, Integer, s_invariant),
            ClassLabelKind.DateTime => DateTime.ParseExact(text, "O", s_invariant, DateTimeStyles.RoundtripKind),
            ClassLabelKind.TimeSpan => TimeSpan.ParseExact(text, "c", s_invariant),
            ClassLabelKind.DateTimeOffset => DateTimeOffset.ParseExact(text, "O", s_invariant),
            _ => throw new FormatException($"Unknown class label kind {(int)kind}."),
        };
        // Only the canonical spelling is accepted, so a name always means exactly one value.
        if (Format(value) != text)
        {
            throw new FormatException($"'{text}' is not the canonical text of a {kind} class label (that would be '{Format(value)}').");
        }
        return value;
    }

    /// <summary>Whether <paramref name="text"/> is the canonical text of a value of <paramref name="kind"/>'s type.</summary>
    public static bool IsCanonical(ClassLabelKind kind, string text)
    {
        try
        {
            Parse(kind, text);
            return true;
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            return false;
        }
    }
}
