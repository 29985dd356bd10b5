using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;

namespace MlNetTwoLayer.Engine.Training;

/// <summary>
/// A seed ensemble: <see cref="TrainingSettings.EnsembleSize"/> networks, each trained as
/// <see cref="NetworkTrainer"/> trains one (its own initialisation, shuffles, hold-out and early
/// stopping, from a seed derived from the run's), then merged by <see cref="NetworkEnsemble"/> into one
/// network that averages their scores. With one member this is exactly <see cref="NetworkTrainer"/>:
/// same seed, same model.
/// </summary>
/// <remarks>
/// Members train one after another, each using every thread the settings allow, so the cost is
/// about k fits and the result does not depend on the thread count. Member 0 uses the run's seed;
/// the others' seeds come from a generator seeded by it.
/// </remarks>
internal sealed class EnsembleTrainer
{
    private readonly TrainingSettings _settings;

    /// <summary>Prepares a run with <paramref name="settings"/>.</summary>
    public EnsembleTrainer(TrainingSettings settings) => _settings = settings;

    /// <summary>The head the settings name, with <paramref name="scaling"/> for regression heads.</summary>
    public IOutputHead CreateHead(TargetScaling scaling) => new NetworkTrainer(_settings).CreateHead(scaling);

    /// <summary>
    /// Trains every member on <paramref name="data"/> as <see cref="NetworkTrainer.Train"/> does and merges them.
    /// <paramref name="initial"/>, when given, must have <c>EnsembleSize · HiddenUnits</c> hidden units: it is
    /// split into the members' starting points (<see cref="NetworkEnsemble.Split"/>).
    /// <paramref name="onEpoch"/> is told the member (from 0) beside each epoch's report.
    /// </summary>
    public TrainingOutcome Train(Dataset data, Dataset? validation, NetworkParameters? initial, Action<int, TrainingProgress>? onEpoch = null, IOutputHead? head = null) =>
        Run(initial, (trainer, start, report) => trainer.Train(data, validation, start, report, head), onEpoch);

    /// <summary>Trains every member by streaming as <see cref="NetworkTrainer.TrainStreaming"/> does (one pass of the stream per member epoch) and merges them.</summary>
    public TrainingOutcome TrainStreaming(IRowStream stream, long rows, long[] classCounts, Dataset? validation, NetworkParameters? initial,
        Action<int, TrainingProgress>? onEpoch = null, IOutputHead? head = null, bool sparse = false) =>
        Run(initial, (trainer, start, report) => trainer.TrainStreaming(stream, rows, classCounts, validation, start, report, head, sparse), onEpoch);

    /// <summary>The seed of each member: the run's seed first, so one member is today's single network.</summary>
    public static int[] MemberSeeds(int seed, int members)
    {
        var seeds = new int[members];
        seeds[0] = seed;
        // A generator of its own: the run seed's first draws already seed member 0's streams.
        var derive = new SeededRandom(unchecked(seed ^ (int)0x9E3779B9));
        for (int m = 1; m < members; m++)
        {
            seeds[m] = derive.NextSeed();
        }
        return seeds;
    }

    private TrainingOutcome Run(NetworkParameters? initial, Func<NetworkTrainer, NetworkParameters?, Action<TrainingProgress>?, TrainingOutcome> train,
        Action<int, TrainingProgress>? onEpoch)
    {
        int k = _settings.EnsembleSize;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        NetworkParameters[]? starts = initial == null ? null : NetworkEnsemble.Split(initial, k);
        int[] seeds = MemberSeeds(_settings.Seed, k);
        var outcomes = new TrainingOutcome[k];
        for (int m = 0; m < k; m++)
        {
            int member = m;
            var trainer = new NetworkTrainer(_settings with { Seed = seeds[m], EnsembleSize = 1 });
            outcomes[m] = train(trainer, starts?[m], onEpoch == null ? null : report => onEpoch(member, report));
        }
        if (k == 1)
        {
            return outcomes[0];
        }
        // The model keeps the first member's head (its label scaling); the others' are folded into W2 and b2.
        IOutputHead head = outcomes[0].Head;
        NetworkParameters merged = NetworkEnsemble.Merge(
            outcomes.Select(o => o.Parameters).ToArray(), outcomes.Select(o => o.Head.Scaling).ToArray(), head.Scaling);
        var history = TrainingHistory.ForEnsemble(outcomes.Select(o => o.History).ToArray(), clock.Elapsed);
        return new TrainingOutcome(merged, history, head);
    }
}
