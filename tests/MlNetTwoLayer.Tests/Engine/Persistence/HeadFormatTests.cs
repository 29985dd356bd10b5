using System.Buffers.Binary;
using MlNetTwoLayer.Engine.Network;
using Xunit;
using Xunit.Sdk;
using MlNetTwoLayer.Tests.Helpers;
using MlNetTwoLayer.Tests.MlNet.Persistence;

namespace MlNetTwoLayer.Tests.Engine.Persistence;

/// <summary>Format version 2: the head block (docs/model-format.md), and version 1 kept for the seed's head.</summary>
public class HeadFormatTests
{
    private static TwoLayerModelParameters Model(IOutputHead head)
    {
        var shape = new NetworkShape(3, 4, head.Kind == OutputHeadKind.SoftmaxCrossEntropy ? 3 : 1);
        var parameters = new NetworkParameters(shape);
        var random = new SeededRandom(3);
        for (int i = 0; i < parameters.Values.Length; i++)
        {
            parameters.Values[i] = random.NextSingle() - 0.5f;
        }
        return new TwoLayerModelParameters(parameters, null, HiddenActivation.Tanh, head);
    }

    public static TheoryData<string> Heads() => [nameof(OutputHeadKind.SigmoidBinaryCrossEntropy), nameof(OutputHeadKind.IdentitySquaredError), nameof(OutputHeadKind.IdentityHuber)];

    private static IOutputHead Head(string name) => OutputHeads.Create(Enum.Parse<OutputHeadKind>(name), new TargetScaling(1234.5, 67.25), 0.75f);

    [Theory]
    [MemberData(nameof(Heads))]
    public void EveryHeadRoundTripsThroughAVersion2File(string name)
    {
        TwoLayerModelParameters model = Model(Head(name));
        byte[] bytes = SmallModels.Bytes(model);
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)));

        TwoLayerModelParameters loaded = TwoLayerModelParameters.Load(new MemoryStream(bytes));

        Assert.Equal(model.Head.Kind, loaded.Head.Kind);
        Assert.Equal(model.Task, loaded.Task);
        Assert.Equal(model.LabelOffset, loaded.LabelOffset);
        Assert.Equal(model.LabelScale, loaded.LabelScale);
        Assert.Equal(OutputHeads.HuberDelta(model.Head), OutputHeads.HuberDelta(loaded.Head));
        Assert.Equal(SmallModels.ScoreProbe(model), SmallModels.ScoreProbe(loaded));
        Assert.Equal(SmallModels.Bytes(loaded), bytes);
    }

    [Fact]
    public void SoftmaxModelsAreStillWrittenAsVersion1ForOlderReaders()
    {
        byte[] bytes = SmallModels.Bytes(SmallModels.Create());
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)));
    }

    [Fact]
    public void UnknownHeadCodeSaysSo()
    {
        byte[] bytes = SmallModels.PatchInt32(SmallModels.Bytes(Model(Head(nameof(OutputHeadKind.IdentitySquaredError)))), 36, 7);
        var error = Assert.Throws<InvalidDataException>(() => TwoLayerModelParameters.Load(new MemoryStream(bytes)));
        Assert.Contains("the output head code 7 is unknown", error.Message);
    }

    [Fact]
    public void ImpossibleLabelScaleSaysSo()
    {
        byte[] bytes = SmallModels.Bytes(Model(Head(nameof(OutputHeadKind.IdentitySquaredError))));
        BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(52), 0);
        var error = Assert.Throws<InvalidDataException>(() => TwoLayerModelParameters.Load(new MemoryStream(SmallModels.Reseal(bytes))));
        Assert.Contains("label scaling", error.Message);
    }

    [Fact]
    public void OneOutputHeadWithSeveralOutputsSaysSo()
    {
        byte[] bytes = SmallModels.PatchInt32(SmallModels.Bytes(Model(Head(nameof(OutputHeadKind.SigmoidBinaryCrossEntropy)))), 16, 2);
        var error = Assert.Throws<InvalidDataException>(() => TwoLayerModelParameters.Load(new MemoryStream(bytes)));
        Assert.Contains("has one output, but the header says 2", error.Message);
    }

    [Fact]
    public void FileEndingInsideTheHeadBlockSaysTruncated()
    {
        byte[] bytes = SmallModels.Bytes(Model(Head(nameof(OutputHeadKind.IdentityHuber))))[..45];
        var error = Assert.Throws<InvalidDataException>(() => TwoLayerModelParameters.Load(new MemoryStream(bytes)));
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void DamagedVersion2FilesLoadToFiniteModelsOrThrowInvalidDataException()
    {
        byte[] original = SmallModels.Bytes(Model(Head(nameof(OutputHeadKind.IdentityHuber))));
        var random = new Random(18);
        for (int i = 0; i < 1000; i++)
        {
            byte[] damaged = Corruptor.Damage(original, random);
            try
            {
                TwoLayerModelParameters model = TwoLayerModelParameters.Load(new MemoryStream(damaged));
                Assert.All(SmallModels.ScoreProbe(model), p => Assert.True(float.IsFinite(p)));
            }
            catch (InvalidDataException)
            {
            }
            catch (Exception e)
            {
                throw new XunitException($"Copy {i} ({damaged.Length} bytes) threw {e.GetType().Name}, not InvalidDataException: {e}");
            }
        }
    }
}
