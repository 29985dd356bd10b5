using System.IO.Compression;
using Xunit.Sdk;

namespace MlNetTwoLayer.Tests.MlNet.Persistence;

/// <summary>Edits the TwoLayerTransformer's entry inside an ML.NET model zip, to damage our payload behind the zip's own checks.</summary>
public static class ZipEntries
{
    /// <summary>The zip with the entry holding our model file (the one containing "TLNN") replaced by <paramref name="mutate"/>'s result.</summary>
    public static byte[] RewriteOurPayload(byte[] zip, Func<byte[], byte[]> mutate)
    {
        using var output = new MemoryStream();
        output.Write(zip);
        using (var archive = new ZipArchive(output, ZipArchiveMode.Update, leaveOpen: true))
        {
            ZipArchiveEntry entry = archive.Entries.FirstOrDefault(e => Contains(Read(e), "TLNN"u8))
                ?? throw new XunitException("No entry of the zip holds a TwoLayer model.");
            byte[] bytes = mutate(Read(entry));
            string name = entry.FullName;
            entry.Delete();
            using Stream stream = archive.CreateEntry(name).Open();
            stream.Write(bytes);
        }
        return output.ToArray();
    }

    /// <summary>The bytes of our payload entry.</summary>
    public static byte[] ReadOurPayload(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.Select(Read).First(b => Contains(b, "TLNN"u8));
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using Stream stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static bool Contains(byte[] bytes, ReadOnlySpan<byte> needle) => bytes.AsSpan().IndexOf(needle) >= 0;
}
