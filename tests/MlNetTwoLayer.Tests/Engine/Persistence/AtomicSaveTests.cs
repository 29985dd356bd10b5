using Xunit;
using MlNetTwoLayer.Engine.Persistence;
using MlNetTwoLayer.Tests.Helpers;

namespace MlNetTwoLayer.Tests.Engine.Persistence;

public class AtomicSaveTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tlnn-atomic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void SaveToFileThenLoadFromFileRoundTrips()
    {
        TwoLayerModelParameters model = SmallModels.Create();
        string path = Path.Combine(_folder, "model.tlnn");

        model.SaveToFile(path);
        model.SaveToFile(path); // replacing an existing file works too

        Assert.Equal(SmallModels.ScoreProbe(model), SmallModels.ScoreProbe(TwoLayerModelParameters.LoadFromFile(path)));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public void FailedSaveLeavesThePreviousFileIntactAndNoTemporaryFile()
    {
        TwoLayerModelParameters good = SmallModels.Create();
        string path = Path.Combine(_folder, "model.tlnn");
        good.SaveToFile(path);
        byte[] before = File.ReadAllBytes(path);

        // The write fails half-way, after some bytes went out, as a full disk would.
        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[100]);
            throw new IOException("disk full");
        }));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
        Assert.Equal(SmallModels.ScoreProbe(good), SmallModels.ScoreProbe(TwoLayerModelParameters.LoadFromFile(path)));
    }

    [Fact]
    public void ASaveGoesOnWhenItsFolderCannotBeListed()
    {
        // Listing the folder for stale temporary files is a courtesy: when it fails (at once, or part-way through
        // the listing) the save still replaces the file, and leaves no temporary file.
        string path = Path.Combine(_folder, "model.tlnn");
        File.WriteAllBytes(path, [1, 2, 3]);
        var asked = new List<(string Folder, string Pattern)>();
        Func<string, string, IEnumerable<string>>[] failingListings =
        [
            (folder, pattern) => { asked.Add((folder, pattern)); throw new IOException("the folder cannot be read"); },
            (folder, pattern) => { asked.Add((folder, pattern)); throw new UnauthorizedAccessException("permission denied"); },
            (folder, pattern) => { asked.Add((folder, pattern)); return FailPartWay(folder); },
        ];
        byte content = 10;
        foreach (Func<string, string, IEnumerable<string>> list in failingListings)
        {
            byte written = content++;
            AtomicFile.Write(path, stream => stream.WriteByte(written), list);

            Assert.Equal([written], File.ReadAllBytes(path));
            Assert.Equal([path], Directory.GetFiles(_folder));
        }
        Assert.Equal(Enumerable.Repeat((_folder, ".model.tlnn.*.tmp"), 3), asked);

        static IEnumerable<string> FailPartWay(string folder)
        {
            yield return Path.Combine(folder, ".model.tlnn.not-a-guid.tmp");
            throw new IOException("the listing broke off");
        }
    }

    [Fact]
    public void SaveIntoAMissingFolderFailsWithoutCreatingAnything()
    {
        string path = Path.Combine(_folder, "missing", "model.tlnn");

        Assert.Throws<DirectoryNotFoundException>(() => SmallModels.Create().SaveToFile(path));

        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void AMissingPathOrWriterIsAnArgumentError()
    {
        Assert.Throws<ArgumentNullException>(() => AtomicFile.Write(null!, _ => { }));
        Assert.Throws<ArgumentException>(() => AtomicFile.Write("  ", _ => { }));
        Assert.Throws<ArgumentNullException>(() => AtomicFile.Write(Path.Combine(_folder, "model.tlnn"), null!));
        var root = Assert.Throws<ArgumentException>(() => AtomicFile.Write(Path.GetPathRoot(_folder)!, _ => { }));

        Assert.Contains("has no folder", root.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void AnOldTemporaryFileALiveWriterHoldsIsKeptAndTheSaveStillSucceeds()
    {
        string path = Path.Combine(_folder, "model.tlnn");
        string live = Path.Combine(_folder, $"{AtomicFile.TemporaryPrefix("model.tlnn")}{Guid.NewGuid():N}.tmp");
        // A slow save elsewhere: its file is older than the staleness delay but still held open.
        using (var writer = new FileStream(live, FileMode.CreateNew, FileAccess.Write, FileShare.Delete))
        {
            writer.Write(new byte[10]);
            writer.Flush();
            File.SetLastWriteTimeUtc(live, DateTime.UtcNow.AddMinutes(-1));

            SmallModels.Create().SaveToFile(path);

            Assert.True(File.Exists(live), "a temporary file a live writer holds open was deleted");
        }
        Assert.Equal(SmallModels.ScoreProbe(SmallModels.Create()), SmallModels.ScoreProbe(TwoLayerModelParameters.LoadFromFile(path)));
    }

    [Fact]
    public void AnOldFileWhoseMiddleIsNotAGuidIsNotOneOfOursAndIsKept()
    {
        string path = Path.Combine(_folder, "model.tlnn");
        string prefix = AtomicFile.TemporaryPrefix("model.tlnn");
        string notAGuid = Path.Combine(_folder, $"{prefix}{new string('z', 32)}.tmp"); // the length of one, not hex
        string stale = Path.Combine(_folder, $"{prefix}{Guid.NewGuid():N}.tmp");
        foreach (string file in new[] { notAGuid, stale })
        {
            File.WriteAllBytes(file, new byte[10]);
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-1));
        }

        SmallModels.Create().SaveToFile(path);

        Assert.True(File.Exists(notAGuid));
        Assert.False(File.Exists(stale));
    }
}
