using System.Buffers.Binary;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Persistence;
using MlNetTwoLayer.Tests.Helpers;
using MlNetTwoLayer.Tests.MlNet.Persistence;
using Xunit;

namespace MlNetTwoLayer.Tests.Reliability;

/// <summary>
/// Issue 17: the model-file and saving cases an outside attack broke (names that do not survive
/// UTF-8, forward-only streams with lying headers, finite weights that scored NaN, torn pipeline
/// zips and leftover temporary files), each failing before its fix.
/// </summary>
public class AttackPersistenceTests : IClassFixture<IrisModels>, IDisposable
{
    private readonly IrisModels _models;
    private readonly string _folder = Directory.CreateTempSubdirectory("tlnn-attack-").FullName;

    public AttackPersistenceTests(IrisModels models) => _models = models;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // 6. A name that is not valid UTF-16 cannot reach a file, where it would turn into another name.
    [Fact]
    public void AFeatureColumnNameWithALoneSurrogateIsRefusedBeforeItCanBeSaved()
    {
        var options = Assert.Throws<ArgumentOutOfRangeException>(() => new TwoLayerTrainer(new MLContext(), new TwoLayerTrainer.Options { FeatureColumnName = "F\ud800" }));
        Assert.Equal("FeatureColumnName", options.ParamName);
        Assert.Contains("TwoLayerTrainer.Options.FeatureColumnName", options.Message);
        Assert.Contains("lone surrogate at index 1", options.Message);

        var transformer = Assert.Throws<ArgumentOutOfRangeException>(() => new TwoLayerTransformer(new MLContext(), SmallModels.Create(), "F\udc00x"));
        Assert.Equal("featureColumnName", transformer.ParamName);
        Assert.Contains("lone surrogate (U+DC00) at index 1", transformer.Message);

        var encoder = Assert.Throws<ArgumentException>(() => StrictUtf8.GetBytes("a\ud800", "The name 'x'"));
        Assert.Contains("The name 'x'", encoder.Message);
    }

    [Fact]
    public void AFeatureColumnNameTooLongToLoadBackIsRefusedBeforeItCanBeSaved()
    {
        string name = new('n', 70_000);
        var options = Assert.Throws<ArgumentOutOfRangeException>(() => new TwoLayerTrainer(new MLContext(), new TwoLayerTrainer.Options { FeatureColumnName = name }));
        Assert.Equal("FeatureColumnName", options.ParamName);
        Assert.Contains("at most 65536 UTF-8 bytes", options.Message);
        var transformer = Assert.Throws<ArgumentOutOfRangeException>(() => new TwoLayerTransformer(new MLContext(), SmallModels.Create(), name));
        Assert.Equal("featureColumnName", transformer.ParamName);
        Assert.Contains("70000 UTF-8 bytes", transformer.Message);
    }

    [Fact]
    public void AFeatureColumnNameOutsideTheBasicPlaneRoundTripsThroughAPipelineZip()
    {
        var ml = new MLContext(seed: 1);
        const string name = "Feätures 🌸";
        var transformer = new TwoLayerTransformer(ml, SmallModels.Create(), name);
        var schema = new DataViewSchema.Builder();
        schema.AddColumn(name, new VectorDataViewType(NumberDataViewType.Single, 3));
        string path = Path.Combine(_folder, "model.zip");

        ml.Model.SaveAtomically(transformer, schema.ToSchema(), path);

        var loaded = (TwoLayerTransformer)ml.Model.Load(path, out _);
        Assert.Equal(name, loaded.FeatureColumnName);
    }

    // 7. A forward-only stream whose header claims a huge model costs about the bytes it really holds.
    private sealed class ForwardOnlyStream(byte[] header, long bodyBytes) : Stream
    {
        private long _position;

        public long BytesRead => _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int written = 0;
            while (written < count && _position < header.Length + bodyBytes)
            {
                buffer[offset + written++] = _position < header.Length ? header[_position] : (byte)(_position * 31);
                _position++;
            }
            return written;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static byte[] HeaderClaiming(int inputs, int hidden, int classes)
    {
        var header = new byte[ModelFormat.HeaderSize];
        ModelFormat.Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), ModelFormat.SoftmaxOnlyVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), inputs);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), hidden);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), classes);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(20), (int)HiddenActivation.Relu);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(24), classes * (sizeof(int) + 1));
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(28), (long)inputs * hidden + hidden + (long)hidden * classes + classes);
        return header;
    }

    [Theory]
    [InlineData("every byte the header claims is there, the checksum fails", 20_000_000L)]
    [InlineData("the stream ends early", 5_000_000L)]
    public void AForwardOnlyStreamWithALyingHeaderAllocatesAboutTheBytesPresent(string because, long bodyBytes)
    {
        // 2000 x 2000 x 2: about 16 MB of weights claimed.
        var stream = new ForwardOnlyStream(HeaderClaiming(2000, 2000, 2), bodyBytes);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<InvalidDataException>(() => TwoLayerModelParameters.Load(stream));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains(bodyBytes > 16_100_000 ? "checksum" : "truncated", ex.Message);
        // At most the bytes read plus one 1 MiB chunk and change (it was 3-4 times the bytes read).
        Assert.True(allocated <= stream.BytesRead + (2L << 20), $"{because}: {allocated} bytes allocated for {stream.BytesRead} read.");
    }

    [Fact]
    public void AnEmbeddedModelWithALyingHeaderAllocatesAboutTheBytesPresentToo()
    {
        byte[] model = HeaderClaiming(2000, 2000, 2);
        long claimed = ModelFormat.HeaderSize + 2 * 5 + (2000L * 2000 + 2000 + 4000 + 2) * 4 + 4;
        var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(1);
            writer.Write((byte)'F');
            writer.Write(claimed);
            writer.Write(model);
        }
        var stream = new ForwardOnlyStream(payload.ToArray(), 3_000_000);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<InvalidDataException>(() => MlNetTwoLayer.MlNet.Persistence.TransformerPayload.Read(new BinaryReader(stream)));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("truncated", ex.Message);
        Assert.True(allocated <= stream.BytesRead + (2L << 20), $"{allocated} bytes allocated for {stream.BytesRead} read.");
    }

    /// <summary>A second-layout payload that claims a 10-byte feature column name and then holds only 3 bytes.</summary>
    private static byte[] PayloadCutInsideTheFeatureName()
    {
        var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(-2);       // the second layout's marker
            writer.Write(10);       // the feature column name's length: 3 bytes remain, fewer than 10 but more than 10 minus the 8 read
            writer.Write("Fea"u8.ToArray());
        }
        return payload.ToArray();
    }

    [Fact]
    public void ANameLongerThanTheRestOfASeekablePayloadIsRefusedBeforeReading()
    {
        var ex = Assert.Throws<InvalidDataException>(() =>
            MlNetTwoLayer.MlNet.Persistence.TransformerPayload.Read(new BinaryReader(new MemoryStream(PayloadCutInsideTheFeatureName()))));
        Assert.Equal("Cannot read the TwoLayerTransformer: the feature column name claims 10 bytes, which is impossible here.", ex.Message);
    }

    [Fact]
    public void AForwardOnlyPayloadThatEndsInsideANameSaysWhere()
    {
        // A forward-only stream cannot say how much is left, so the name is read and found short.
        var stream = new ForwardOnlyStream(PayloadCutInsideTheFeatureName(), 0);
        var ex = Assert.Throws<InvalidDataException>(() => MlNetTwoLayer.MlNet.Persistence.TransformerPayload.Read(new BinaryReader(stream)));
        Assert.Equal("Cannot read the TwoLayerTransformer: the payload ends inside the feature column name.", ex.Message);
    }

    [Fact]
    public void ADamagedModelFileIsNamedInTheError()
    {
        string path = Path.Combine(_folder, "damaged.tlnn");
        File.WriteAllBytes(path, SmallModels.Bytes(SmallModels.Create())[..50]);

        var ex = Assert.Throws<InvalidDataException>(() => TwoLayerModelParameters.LoadFromFile(path));

        Assert.Contains("truncated", ex.Message);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void AForwardOnlyStreamOfAValidModelStillLoads()
    {
        TwoLayerModelParameters model = SmallModels.Create(inputs: 300, hidden: 1000, classes: 4); // > 1 MiB: several chunks
        byte[] file = SmallModels.Bytes(model);
        var stream = new ForwardOnlyStream(file, 0);

        TwoLayerModelParameters loaded = TwoLayerModelParameters.Load(stream);

        Assert.Equal(SmallModels.ScoreProbe(model), SmallModels.ScoreProbe(loaded));
    }

    // 8. Finite weights, however large, give finite probabilities for finite input.
    private static TwoLayerModelParameters Huge(HiddenActivation activation)
        => new(new float[2, 2] { { 3e38f, 3e38f }, { 3e38f, -3e38f } }, [3e38f, 0], new float[2, 3] { { 3e38f, -3e38f, 1 }, { -3e38f, 3e38f, 0 } }, [0, 3e38f, -3e38f], null, activation);

    [Theory]
    [InlineData(HiddenActivation.Relu)]
    [InlineData(HiddenActivation.LeakyRelu)]
    [InlineData(HiddenActivation.Tanh)]
    [InlineData(HiddenActivation.Sigmoid)]
    public void WeightsOf3e38ScoreFiniteProbabilities(HiddenActivation activation)
    {
        TwoLayerModelParameters model = Huge(activation);
        float[][] inputs = [[1, 1], [1, -1], [3e38f, 3e38f], [-3e38f, 1e-30f], [0, 0]];
        var p = new float[3];
        foreach (float[] x in inputs)
        {
            model.Score(x, p);
            Assert.All(p, v => Assert.True(float.IsFinite(v) && v >= 0 && v <= 1, $"{activation} at [{string.Join(", ", x)}]: [{string.Join(", ", p)}]"));
            Assert.Equal(1, p.Sum(), 1e-5);
        }
    }

    [Fact]
    public void ACraftedModelFileWithWeightsOf3e38LoadsAndScoresFinitelyThroughMlNet()
    {
        string path = Path.Combine(_folder, "huge.tlnn");
        Huge(HiddenActivation.Relu).SaveToFile(path);
        var ml = new MLContext(seed: 1);
        var transformer = new TwoLayerTransformer(ml, TwoLayerModelParameters.LoadFromFile(path));
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new Row { Features = [1, 1] }, new Row { Features = [3e38f, -3e38f] } });

        float[][] scores = transformer.Transform(data).GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()).ToArray();

        Assert.All(scores.SelectMany(s => s), v => Assert.True(float.IsFinite(v)));
    }

    public sealed class Row
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }

    [Fact]
    public void TheDoubleFallbackIsATwinOfTheFastScorer()
    {
        var random = new Random(5);
        foreach (HiddenActivation activation in Enum.GetValues<HiddenActivation>())
        {
            TwoLayerModelParameters model = SmallModels.Create(inputs: 7, hidden: 13, classes: 5);
            model = new TwoLayerModelParameters(model.GetHiddenWeights(), model.GetHiddenBiases(), model.GetOutputWeights(), model.GetOutputBiases(), null, activation);
            for (int trial = 0; trial < 20; trial++)
            {
                float[] x = Enumerable.Range(0, 7).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
                var fast = new float[5];
                var naive = new float[5];
                model.Score(x, fast);
                SingleRowScorer.ScoreInDouble(model.Parameters, activation, x, naive);
                for (int k = 0; k < 5; k++)
                {
                    Assert.Equal(naive[k], fast[k], 1e-5);
                }
            }
        }
    }

    // 10. Whole pipelines save atomically, and stale temporary files of the same target are cleaned.
    [Fact]
    public void SaveAtomicallyWritesAZipThatLoadsToTheSamePredictions()
    {
        string path = Path.Combine(_folder, "model.zip");
        _models.Context.Model.SaveAtomically(_models.Chain, _models.Data.Schema, path);
        _models.Context.Model.SaveAtomically(_models.Chain, _models.Data.Schema, path); // replacing works too

        var ml = new MLContext(seed: 1);
        ITransformer loaded = ml.Model.Load(path, out _);
        var (expectedBits, expectedSpecies) = IrisModels.Predict(_models.Context, _models.Chain);
        var (bits, species) = IrisModels.Predict(ml, loaded);
        Assert.Equal(expectedBits, bits);
        Assert.Equal(expectedSpecies, species);
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    /// <summary>A pipeline whose save fails after ML.NET has begun the zip (its first entries written), as a full disk would.</summary>
    private sealed class FailingTransformer : ITransformer
    {
        public bool IsRowToRowMapper => true;

        public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => inputSchema;

        public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => throw new NotSupportedException();

        public IDataView Transform(IDataView input) => input;

        public void Save(ModelSaveContext ctx)
        {
            throw new IOException("No space left on device");
        }
    }

    [Fact]
    public void AFailedPipelineSaveLeavesThePreviousZipIntactAndNoTemporaryFile()
    {
        string path = Path.Combine(_folder, "model.zip");
        _models.Context.Model.SaveAtomically(_models.Chain, _models.Data.Schema, path);
        byte[] before = File.ReadAllBytes(path);

        var ex = Assert.Throws<IOException>(() => _models.Context.Model.SaveAtomically(new FailingTransformer(), _models.Data.Schema, path));

        Assert.Contains("No space left", ex.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public void StaleTemporaryFilesOfTheTargetAreCleanedButLiveOnesAndOtherTargetsAreNot()
    {
        string path = Path.Combine(_folder, "model.zip");
        string prefix = AtomicFile.TemporaryPrefix("model.zip");
        string stale1 = Path.Combine(_folder, $"{prefix}{Guid.NewGuid():N}.tmp");
        string stale2 = Path.Combine(_folder, $"{prefix}{Guid.NewGuid():N}.tmp");
        string live = Path.Combine(_folder, $"{prefix}{Guid.NewGuid():N}.tmp");
        string otherTarget = Path.Combine(_folder, $"{AtomicFile.TemporaryPrefix("model.zip.v2")}{Guid.NewGuid():N}.tmp");
        string notOurs = Path.Combine(_folder, $"{prefix}notes.tmp");
        string justCreated = Path.Combine(_folder, $"{prefix}{Guid.NewGuid():N}.tmp");
        foreach (string file in new[] { stale1, stale2, otherTarget, notOurs })
        {
            File.WriteAllBytes(file, new byte[100]); // what a killed save leaves: a torn, closed temporary file
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-1));
        }
        File.WriteAllBytes(justCreated, []); // an instant old: perhaps a writer about to take its lock
        // A save in progress elsewhere holds its temporary file open the way AtomicFile does.
        using (var writer = new FileStream(live, FileMode.CreateNew, FileAccess.Write, FileShare.Delete))
        {
            writer.Write(new byte[100]);

            _models.Context.Model.SaveAtomically(_models.Chain, _models.Data.Schema, path);

            Assert.False(File.Exists(stale1));
            Assert.False(File.Exists(stale2));
            Assert.True(File.Exists(live), "a temporary file a live writer holds open was deleted");
        }
        Assert.True(File.Exists(justCreated), "a temporary file created an instant ago was deleted");
        Assert.True(File.Exists(otherTarget));
        Assert.True(File.Exists(notOurs));
        Assert.NotNull(new MLContext().Model.Load(path, out _));
    }
}
