using System.Text;

namespace MlNetTwoLayer.Engine.Persistence;

/// <summary>
/// The one UTF-8 encoding every saved string goes through. Strict both ways: writing a string with a
/// lone surrogate throws instead of saving a '?' silently, and reading invalid bytes throws instead of
/// loading a replacement character, so a name always round-trips exactly or fails loudly.
/// </summary>
internal static class StrictUtf8
{
    /// <summary>No byte-order mark; throws on invalid input in either direction.</summary>
    public static readonly UTF8Encoding Encoding = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
