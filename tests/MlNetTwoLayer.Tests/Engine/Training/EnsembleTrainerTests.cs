using Xunit;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Training;

namespace MlNetTwoLayer.Tests.Engine.Training;

/// <summary>
/// The engine's seed ensemble, without the ML.NET face: each member is exactly a
/// <see cref="NetworkTrainer"/> run from its own seed (and its share of an initial model), the
/// merge is <see cref="NetworkEnsemble.Merge(IReadOnlyList{NetworkParameters})"/> of them, and
/// progress names the member. The face's tests (EnsembleSizeTests) check the same through Fit.
/// </summary>
public class EnsembleTrainerTests
{
    private const int Members = 2, Hidden = 6, Epochs = 3;

    private static readonly TrainingSettings Settings = new()
    {
        HiddenUnits = Hidden,
        LearningRate = 0.05f,
        Epochs = Epochs,
        BatchSize = 16,
        Shuffle = true,
        Seed = 21,
        EnsembleSize = Members,
        ValidationFraction = 0,
        Threads = 1,
    };

    private static DenseDataset Data()
    {
        const int rows = 60, inputs = 4, classes = 3;
        var random = new Random(8);
        var features = new float[rows * inputs];
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            labels[r] = r % classes;
            for (int j = 0; j < inputs; j++)
            {
                features[r * inputs + j] = (float)random.NextDouble() + (j == labels[r] ? 1f : 0f);
            }
        }
        return new DenseDataset(features, labels, weights: null, rows, inputs, classes);
    }

    /// <summary>What the ensemble must equal: each member trained alone from its seed and start, then merged.</summary>
    private static NetworkParameters ByHand(Dataset data, NetworkParameters? initial)
    {
        int[] seeds = EnsembleTrainer.MemberSeeds(Settings.Seed, Members);
        NetworkParameters[]? starts = initial == null ? null : NetworkEnsemble.Split(initial, Members);
        NetworkParameters[] members = [.. Enumerable.Range(0, Members).Select(m =>
            new NetworkTrainer(Settings with { Seed = seeds[m], EnsembleSize = 1 }).Train(data, null, starts?[m]).Parameters)];
        return NetworkEnsemble.Merge(members);
    }

    [Fact]
    public void WithoutAProgressCallbackTheMembersTrainAloneAndAreMerged()
    {
        DenseDataset data = Data();
        TrainingOutcome outcome = new EnsembleTrainer(Settings).Train(data, validation: null, initial: null);

        Assert.Equal(Members * Hidden, outcome.Parameters.Shape.Hidden);
        Assert.Equal(ByHand(data, null).Values, outcome.Parameters.Values);
        Assert.Equal(Members, outcome.History.Members.Count);
    }

    [Fact]
    public void AnInitialModelIsSplitIntoTheMembersStartingPoints()
    {
        DenseDataset data = Data();
        NetworkParameters initial = new EnsembleTrainer(Settings with { Seed = 5 }).Train(data, null, null).Parameters;

        TrainingOutcome continued = new EnsembleTrainer(Settings).Train(data, null, initial);

        Assert.Equal(ByHand(data, initial).Values, continued.Parameters.Values);
        // Not what the members reach from their own initialisation: the start was really used.
        Assert.NotEqual(ByHand(data, null).Values, continued.Parameters.Values);
    }

    [Fact]
    public void ProgressNamesTheMemberBesideEachOfItsEpochs()
    {
        var heard = new List<(int Member, int Epoch)>();
        new EnsembleTrainer(Settings).Train(Data(), null, null, (member, progress) => heard.Add((member, progress.Epoch)));

        (int, int)[] expected = [.. Enumerable.Range(0, Members).SelectMany(m => Enumerable.Range(1, Epochs).Select(e => (m, e)))];
        Assert.Equal(expected, heard);
    }

    [Fact]
    public void OneMemberIsTheNetworkTrainersModel()
    {
        DenseDataset data = Data();
        TrainingSettings one = Settings with { EnsembleSize = 1 };
        var heard = new List<(int Member, int Epoch)>();

        TrainingOutcome outcome = new EnsembleTrainer(one).Train(data, null, null, (member, progress) => heard.Add((member, progress.Epoch)));

        Assert.Equal(new NetworkTrainer(one).Train(data, null, null).Parameters.Values, outcome.Parameters.Values);
        Assert.Same(outcome.History, Assert.Single(outcome.History.Members));
        Assert.Equal([(0, 1), (0, 2), (0, 3)], heard);
    }
}
