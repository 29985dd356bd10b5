using System.Buffers.Binary;
using Pictures;
using SkiaSharp;
using Xunit;

namespace Samples.Tests;

public sealed class PicturesTests
{
    [Fact]
    public void WritesLossCurvesAndDecisionRegionsAsValidPngImages()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"mlnet-twolayer-pictures-{Guid.NewGuid():N}");
        try
        {
            PictureMaker.Result result = PictureMaker.Write(folder);

            Assert.Equal(Path.Combine(folder, "loss.png"), result.LossPath);
            Assert.Equal(Path.Combine(folder, "regions.png"), result.RegionsPath);
            Assert.Equal(result.History.EpochsRun, result.History.ValidationLoss.Count);   // both curves have data
            Assert.InRange(result.TrainingAccuracy, 0.95, 1.0);
            AssertValidPng(result.LossPath, 800, 500);
            AssertValidPng(result.RegionsPath, 700, 600);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>Signature, IHDR first with the size, every chunk's CRC, IEND last, and a decoder that agrees.</summary>
    private static void AssertValidPng(string path, int width, int height)
    {
        byte[] png = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);

        var chunks = new List<string>();
        int offset = 8;
        while (offset < png.Length)
        {
            Assert.True(offset + 12 <= png.Length, $"{path}: truncated chunk at byte {offset}");
            int length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset)));
            string type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            ReadOnlySpan<byte> typeAndData = png.AsSpan(offset + 4, 4 + length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            Assert.True(Crc32(typeAndData) == crc, $"{path}: bad CRC in chunk {type} at byte {offset}");
            if (type == "IHDR")
            {
                Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset + 8)));
                Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset + 12)));
            }
            chunks.Add(type);
            offset += 12 + length;
        }
        Assert.Equal("IHDR", chunks[0]);
        Assert.Contains("IDAT", chunks);
        Assert.Equal("IEND", chunks[^1]);

        using SKBitmap? bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
    }

    /// <summary>The CRC-32 PNG uses (ISO 3309, reflected, polynomial 0xEDB88320), bit by bit: the files are small.</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }
        return ~crc;
    }
}
