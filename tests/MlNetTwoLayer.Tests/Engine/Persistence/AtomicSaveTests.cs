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
    public void SaveIntoAMissingFolderFailsWithoutCreatingAnything()
    {
        string path = Path.Combine(_folder, "missing", "model.tlnn");

        Assert.Throws<DirectoryNotFoundException>(() => SmallModels.Create().SaveToFile(path));

        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }
}
