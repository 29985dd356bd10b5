using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Persistence;

public class MlNetSaveLoadTests : IClassFixture<IrisModels>, IDisposable
{
    private readonly IrisModels _models;
    private readonly string _folder = Directory.CreateTempSubdirectory("tlnn-mlnet-").FullName;

    public MlNetSaveLoadTests(IrisModels models) => _models = models;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Contexts => new() { "same", "new", "new-registered" };

    [Theory]
    [MemberData(nameof(Contexts))]
    public void ChainRoundTripsThroughAFileWithIdenticalScores(string context)
    {
        string path = Path.Combine(_folder, "chain.zip");
        _models.Context.Model.Save(_models.Chain, _models.Data.Schema, path);
        MLContext ml = LoadingContext(context);

        ITransformer loaded = ml.Model.Load(path, out DataViewSchema inputSchema);

        Assert.Equal(_models.Data.Schema.Select(c => c.Name), inputSchema.Select(c => c.Name));
        AssertSameBehaviour(ml, loaded);
    }

    [Theory]
    [MemberData(nameof(Contexts))]
    public void ChainRoundTripsThroughAStreamWithIdenticalScores(string context)
    {
        using var stream = new MemoryStream();
        _models.Context.Model.Save(_models.Chain, _models.Data.Schema, stream);
        stream.Position = 0;
        MLContext ml = LoadingContext(context);

        ITransformer loaded = ml.Model.Load(stream, out _);

        AssertSameBehaviour(ml, loaded);
    }

    [Fact]
    public void LoneTransformerRoundTripsWithItsFeatureColumnAndClassNames()
    {
        IDataView features = _models.Chain.Take(2).Aggregate(_models.Data, (view, t) => t.Transform(view));
        string path = Path.Combine(_folder, "lone.zip");
        _models.Context.Model.Save(_models.Network, features.Schema, path);
        var ml = new MLContext(seed: 1);

        var loaded = Assert.IsAssignableFrom<TwoLayerTransformer>(ml.Model.Load(path, out _));

        Assert.Equal(_models.Network.FeatureColumnName, loaded.FeatureColumnName);
        Assert.Equal(_models.Network.Model.ClassNames, loaded.Model.ClassNames);
        Assert.Equal(IrisModels.ScoreBits(_models.Network.Transform(features)), IrisModels.ScoreBits(loaded.Transform(features)));
        var before = new VBuffer<ReadOnlyMemory<char>>();
        _models.Network.Transform(features).Schema["Score"].GetSlotNames(ref before);
        var after = new VBuffer<ReadOnlyMemory<char>>();
        loaded.Transform(features).Schema["Score"].GetSlotNames(ref after);
        Assert.Equal(before.DenseValues().Select(m => m.ToString()), after.DenseValues().Select(m => m.ToString()));
    }

    [Fact]
    public void RegisterIsIdempotent()
    {
        var ml = new MLContext(seed: 1);
        TwoLayerModelLoader.Register(ml);
        TwoLayerModelLoader.Register(ml);
        _ = ml.MulticlassClassification.Trainers.TwoLayer();
        using var stream = new MemoryStream();
        _models.Context.Model.Save(_models.Chain, _models.Data.Schema, stream);
        stream.Position = 0;

        AssertSameBehaviour(ml, ml.Model.Load(stream, out _));
    }

    [Fact]
    public void FreshContextThatNeverRegisteredNorBuiltAnythingLoads()
    {
        // Route B (docs/persistence.md): the zip names MlNetTwoLayer.Loader, which ML.NET loads and scans itself.
        // Each MLContext has its own catalog, so earlier tests cannot have registered anything on this one.
        using var stream = new MemoryStream();
        _models.Context.Model.Save(_models.Chain, _models.Data.Schema, stream);
        stream.Position = 0;
        var ml = new MLContext(seed: 1);

        ITransformer loaded = ml.Model.Load(stream, out _);

        AssertSameBehaviour(ml, loaded);
    }

    [Fact]
    public void RegisterAfterAPlainLoadIsHarmlessAndSoIsLoadingAfterRegister()
    {
        using var stream = new MemoryStream();
        _models.Context.Model.Save(_models.Chain, _models.Data.Schema, stream);
        byte[] zip = stream.ToArray();
        var first = new MLContext(seed: 1);
        AssertSameBehaviour(first, first.Model.Load(new MemoryStream(zip), out _));
        TwoLayerModelLoader.Register(first);
        var second = new MLContext(seed: 2);
        TwoLayerModelLoader.Register(second);
        _ = second.MulticlassClassification.Trainers.TwoLayer();

        AssertSameBehaviour(first, first.Model.Load(new MemoryStream(zip), out _));
        AssertSameBehaviour(second, second.Model.Load(new MemoryStream(zip), out _));
    }

    [Fact]
    public void DamagedPayloadFailsWithInvalidDataExceptionInsideMlNetsError()
    {
        using var stream = new MemoryStream();
        _models.Context.Model.Save(_models.Chain, _models.Data.Schema, stream);
        byte[] damaged = ZipEntries.RewriteOurPayload(stream.ToArray(), bytes =>
        {
            // The middle of our model file (its weights), behind the int64 length that precedes its "TLNN" magic;
            // not a fixed offset from the end, where ML.NET keeps its string table (the loader names).
            int start = bytes.AsSpan().IndexOf("TLNN"u8);
            long length = BitConverter.ToInt64(bytes, start - sizeof(long));
            bytes[start + (int)(length / 2)] ^= 0x5A;
            return bytes;
        });
        var ml = new MLContext(seed: 1);

        Exception error = Record.Exception(() => ml.Model.Load(new MemoryStream(damaged), out _));

        InvalidDataException inner = ExceptionChain.Find<InvalidDataException>(error);
        Assert.Contains("checksum", inner.Message);
    }

    [Fact]
    public void DamagedColumnNameFailsWithTheNamesChecksum()
    {
        using var stream = new MemoryStream();
        _models.Context.Model.Save(_models.Chain, _models.Data.Schema, stream);
        byte[] damaged = ZipEntries.RewriteOurPayload(stream.ToArray(), bytes =>
        {
            // Layout 2 after ML.NET's header: int32 -2, int32 8, "Features"; damage the name's first letter.
            int start = bytes.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFE, 0xFF, 0xFF, 0xFF, 8, 0, 0, 0, (byte)'F']);
            Assert.True(start >= 0, "layout-2 marker not found");
            bytes[start + 8] ^= 0x01;
            return bytes;
        });

        Exception error = Record.Exception(() => new MLContext(seed: 1).Model.Load(new MemoryStream(damaged), out _));

        Assert.Contains("column names' checksum does not match", ExceptionChain.Find<InvalidDataException>(error).Message);
    }

    private MLContext LoadingContext(string context)
    {
        if (context == "same")
        {
            return _models.Context;
        }
        var ml = new MLContext(seed: 99);
        if (context == "new-registered")
        {
            TwoLayerModelLoader.Register(ml);
        }
        return ml;
    }

    private void AssertSameBehaviour(MLContext ml, ITransformer loaded)
    {
        Assert.Equal(IrisModels.ScoreBits(_models.Chain.Transform(_models.Data)), IrisModels.ScoreBits(loaded.Transform(_models.Data)));
        var (expectedBits, expectedSpecies) = IrisModels.Predict(_models.Context, _models.Chain);
        var (bits, species) = IrisModels.Predict(ml, loaded);
        Assert.Equal(expectedBits, bits);
        Assert.Equal(expectedSpecies, species);
        Assert.Equal(["setosa", "versicolor", "virginica"], species.Take(3));
    }
}
