using System.Text;

namespace MlNetTwoLayer.Engine.Persistence;

/// <summary>
/// The one UTF-8 encoding every name written to or read from a file goes through (class names,
/// the feature column name, ONNX names). Strict both ways: a string holding a lone surrogate is
/// refused instead of being written as U+FFFD (which would load back under another name), and
/// invalid bytes are refused instead of being decoded to U+FFFD.
/// </summary>
internal static class StrictUtf8
{
    /// <summary>No byte-order mark; throws on invalid input in either direction. Prefer the methods below, whose errors name what was being encoded.</summary>
    public static readonly UTF8Encoding Encoding = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The index of the first lone surrogate in <paramref name="text"/>, or -1 when it is valid UTF-16 and so round-trips through UTF-8.</summary>
    public static int FindLoneSurrogate(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Why <paramref name="text"/> cannot be saved, naming it as <paramref name="what"/>; null when it can.</summary>
    public static string? Problem(string text, string what)
    {
        int at = FindLoneSurrogate(text);
        return at < 0 ? null
            : $"{what} is not valid Unicode text: it has a lone surrogate (U+{(int)text[at]:X4}) at index {at}, which UTF-8 cannot hold, so it would load back under another name. Use a name made of whole characters.";
    }

    /// <summary>The UTF-8 bytes of <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="text"/> holds a lone surrogate; the message names <paramref name="what"/>.</exception>
    public static byte[] GetBytes(string text, string what)
        => Problem(text, what) is string problem ? throw new ArgumentException(problem, nameof(text)) : Encoding.GetBytes(text);

    /// <summary>The UTF-8 byte count of <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="text"/> holds a lone surrogate; the message names <paramref name="what"/>.</exception>
    public static int GetByteCount(string text, string what)
        => Problem(text, what) is string problem ? throw new ArgumentException(problem, nameof(text)) : Encoding.GetByteCount(text);

    /// <summary>Decodes <paramref name="bytes"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not valid UTF-8; the message names <paramref name="what"/>.</exception>
    public static string GetString(ReadOnlySpan<byte> bytes, string what)
    {
        try
        {
            return Encoding.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{what} is not valid UTF-8: the file is damaged.", e);
        }
    }
}
