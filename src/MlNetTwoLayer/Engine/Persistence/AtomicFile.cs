namespace MlNetTwoLayer.Engine.Persistence;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new one: the bytes go
/// to a temporary file in the same folder (same volume, so the rename is atomic), which is flushed
/// to disk and then renamed over the target. A failure leaves the previous file untouched.
/// </summary>
/// <remarks>
/// A process killed mid-save leaves its temporary file behind. Each save first deletes the stale
/// temporary files of the same target: those no live writer holds open. A writer keeps its temporary
/// file open (with a shared lock) until after the rename, and the cleaner only deletes a file it can
/// open exclusively and that is at least <see cref="StaleAfter"/> old (a writer takes its lock an
/// instant after creating the file), so a save in progress in another thread or process is never disturbed.
/// </remarks>
internal static class AtomicFile
{
    private const string TemporarySuffix = ".tmp";

    /// <summary>How old an unlocked temporary file must be to count as stale.</summary>
    internal static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(1);

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, replacing it only when everything succeeded.</summary>
    public static void Write(string path, Action<Stream> write) => Write(path, write, Directory.EnumerateFiles);

    /// <summary>As <see cref="Write(string, Action{Stream})"/>, with the folder's stale temporary files listed by <paramref name="listFiles"/> (folder, pattern).</summary>
    /// <remarks>
    /// Tests pass a <paramref name="listFiles"/> that fails, to check that a save goes on when its folder cannot be
    /// listed: no permission makes a listing fail for root (the tests' user here), and a folder that vanishes between
    /// the check and the listing is a race no test can time.
    /// </remarks>
    internal static void Write(string path, Action<Stream> write, Func<string, string, IEnumerable<string>> listFiles)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(write);
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' has no folder.", nameof(path));
        string fileName = Path.GetFileName(fullPath);
        if (Directory.Exists(directory))
        {
            DeleteStaleTemporaryFiles(directory, fileName, listFiles);
        }
        string temporary = Path.Combine(directory, $"{TemporaryPrefix(fileName)}{Guid.NewGuid():N}{TemporarySuffix}");
        try
        {
            // FileShare.Delete: the rename below happens while the file is still open (so no cleaner
            // can take it in between), which Windows allows only when deleting is shared.
            using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.Delete);
            write(stream);
            stream.Flush(flushToDisk: true);
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>The start of every temporary file name for target <paramref name="fileName"/>: hidden, and naming the target.</summary>
    internal static string TemporaryPrefix(string fileName) => $".{fileName}.";

    /// <summary>Deletes temporary files of this target that no writer holds open (left by a killed or crashed save).</summary>
    private static void DeleteStaleTemporaryFiles(string directory, string fileName, Func<string, string, IEnumerable<string>> listFiles)
    {
        string prefix = TemporaryPrefix(fileName);
        IEnumerable<string> candidates;
        try
        {
            candidates = listFiles(directory, prefix + "*" + TemporarySuffix).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return; // cleaning is a courtesy; the save itself must not fail for it
        }
        foreach (string candidate in candidates)
        {
            string middle = Path.GetFileName(candidate)[prefix.Length..^TemporarySuffix.Length];
            if (middle.Length != 32 || !Guid.TryParseExact(middle, "N", out _))
            {
                continue; // not one of ours (another target whose name starts like this one)
            }
            try
            {
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(candidate) < StaleAfter)
                {
                    continue; // possibly created this instant by a writer about to lock it
                }
                // An exclusive open fails while a live writer holds the file: then it is not stale.
                using (new FileStream(candidate, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                {
                }
                File.Delete(candidate);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original error matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
