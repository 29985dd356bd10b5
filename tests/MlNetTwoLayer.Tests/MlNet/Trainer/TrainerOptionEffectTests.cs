using Microsoft.ML;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;
using Xunit.Abstractions;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary>
/// Every numeric option, through the public trainer, against <see cref="ReferenceTrainer"/>: the
/// trained weights must match the reference run WITH the option, and the reference run WITHOUT it
/// (the option left at its default, or the option's feature off) must be far away — so the test
/// fails when the trainer ignores the option. Training starts from <see cref="OptionEffectData.InitialModel"/>
/// via <c>Fit(train, initialModel)</c> and reads rows in order (<c>Shuffle = false</c>), so the
/// reference needs no random draws. Each case runs in memory and streaming.
/// </summary>
public class TrainerOptionEffectTests(ITestOutputHelper output)
{
    /// <summary>float32 training against a float64 reference, a few epochs: agreement to this.</summary>
    private const double Agreement = 1e-5;

    /// <summary>The reference without the option must differ by at least this many times <see cref="Agreement"/>.</summary>
    private const double Separation = 20;

    /// <summary>Plain full-batch gradient descent, no extras, six epochs: the base every case changes one thing of.</summary>
    private static TwoLayerTrainer.Options Base(TrainingDataMode mode) => new()
    {
        EnsembleSize = 1,
        StandardizeInputs = false,
        HiddenUnits = OptionEffectData.Hidden,
        NumberOfEpochs = 6,
        BatchSize = 0,
        Shuffle = false,
        Seed = 1,
        Optimizer = OptimizerKind.GradientDescent,
        LearningRate = 0.5f,
        L2Regularization = 0,
        Patience = 0,
        LearningRateSchedule = LearningRateSchedule.Constant,
        DataMode = mode,
        NumberOfThreads = 1,
    };

    /// <summary>A case: the option set, and what the options are when that option is ignored.</summary>
    private static (Action<TwoLayerTrainer.Options> Set, Action<TwoLayerTrainer.Options> Ignored) Case(string name) => name switch
    {
        "LearningRate" => (o => o.LearningRate = 0.2f, o => o.LearningRate = TwoLayerTrainer.Options.Defaults.LearningRate),
        "NumberOfEpochs" => (o => o.NumberOfEpochs = 3, o => o.NumberOfEpochs = 6),
        "BatchSize" => (o => o.BatchSize = 7, o => o.BatchSize = TwoLayerTrainer.Options.Defaults.BatchSize),
        "Optimizer.Momentum" => (o => o.Optimizer = OptimizerKind.ClassicalMomentum, o => o.Optimizer = OptimizerKind.GradientDescent),
        "Optimizer.Nesterov" => (o => o.Optimizer = OptimizerKind.Nesterov, o => o.Optimizer = OptimizerKind.GradientDescent),
        "Optimizer.NesterovIsNotMomentum" => (o => o.Optimizer = OptimizerKind.Nesterov, o => o.Optimizer = OptimizerKind.ClassicalMomentum),
        "Optimizer.Adam" => (o => { o.Optimizer = OptimizerKind.Adam; o.LearningRate = 0.05f; }, o => { o.Optimizer = OptimizerKind.GradientDescent; o.LearningRate = 0.05f; }),
        "Momentum" => (o => { o.Optimizer = OptimizerKind.ClassicalMomentum; o.Momentum = 0.5f; }, o => o.Optimizer = OptimizerKind.ClassicalMomentum),
        "Momentum.Nesterov" => (o => { o.Optimizer = OptimizerKind.Nesterov; o.Momentum = 0.5f; }, o => o.Optimizer = OptimizerKind.Nesterov),
        "Beta1" => (o => Adam(o).Beta1 = 0.5f, o => Adam(o)),
        "Beta2" => (o => Adam(o).Beta2 = 0.9f, o => Adam(o)),
        "Epsilon" => (o => Adam(o).Epsilon = 0.1f, o => Adam(o)),
        "L2Regularization" => (o => o.L2Regularization = 0.2f, o => { }),
        "L2Regularization.Adam" => (o => Adam(o).L2Regularization = 0.5f, o => Adam(o)),
        // 30 rows, 35 weights, 3/7 of a row per weight: a reference of 15 rows, so the penalty trained with is
        // 0.8 · (15 / 30)³ = 0.1; ignored, it would be 0.8 (the default of 1 row per weight changes nothing at 30 rows).
        "L2RowsPerWeight" => (o => { o.L2Regularization = 0.8f; o.L2RowsPerWeight = HalfTheRowsPerWeight; }, o => o.L2Regularization = 0.8f),
        "L2RowsPerWeight.Adam" => (o => { Adam(o).L2Regularization = 2f; o.L2RowsPerWeight = HalfTheRowsPerWeight; }, o => Adam(o).L2Regularization = 2f),
        "ClassWeights" => (o => o.ClassWeights = [0.5f, 1f, 4f], o => { }),
        "ClassWeighting.Balanced" => (o => o.ClassWeighting = ClassWeighting.Balanced, o => { }),
        "ClassWeightsOverrideClassWeighting" => (o => { o.ClassWeighting = ClassWeighting.Balanced; o.ClassWeights = [4f, 1f, 0.5f]; }, o => o.ClassWeighting = ClassWeighting.Balanced),
        "ExampleWeightColumnName" => (o => o.ExampleWeightColumnName = nameof(OptionEffectData.Row.Weight), o => { }),
        "ExampleAndClassWeights" => (o => { o.ExampleWeightColumnName = nameof(OptionEffectData.Row.Weight); o.ClassWeights = [0.5f, 1f, 4f]; }, o => o.ExampleWeightColumnName = nameof(OptionEffectData.Row.Weight)),
        "LearningRateSchedule.InverseScaling" => (o => o.LearningRateSchedule = LearningRateSchedule.InverseScaling, o => { }),
        "PowerT" => (o => { o.LearningRateSchedule = LearningRateSchedule.InverseScaling; o.PowerT = 1.5; }, o => o.LearningRateSchedule = LearningRateSchedule.InverseScaling),
        // A tolerance no loss can beat makes every epoch after the first a plateau epoch.
        "LearningRateSchedule.ReduceOnPlateau" => (o => Plateau(o), o => Plateau(o).LearningRateSchedule = LearningRateSchedule.Constant),
        "PlateauFactor" => (o => Plateau(o).PlateauFactor = 0.6f, o => Plateau(o)),
        "PlateauPatience" => (o => Plateau(o).PlateauPatience = 1, o => Plateau(o)),
        "Tolerance" => (o => Plateau(o), o => Plateau(o).Tolerance = TwoLayerTrainer.Options.Defaults.Tolerance),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such case"),
    };

    /// <summary>Rows per weight that put the L2 reference at half the option-effect rows.</summary>
    private const float HalfTheRowsPerWeight = OptionEffectData.Rows / 2f / (OptionEffectData.Inputs * OptionEffectData.Hidden + OptionEffectData.Hidden * OptionEffectData.Classes);

    private static TwoLayerTrainer.Options Adam(TwoLayerTrainer.Options o)
    {
        o.Optimizer = OptimizerKind.Adam;
        o.LearningRate = 0.05f;
        return o;
    }

    private static TwoLayerTrainer.Options Plateau(TwoLayerTrainer.Options o)
    {
        o.LearningRateSchedule = LearningRateSchedule.ReduceOnPlateau;
        o.Tolerance = 1e9;
        o.NumberOfEpochs = 8;
        return o;
    }

    public static TheoryData<string, TrainingDataMode> Cases()
    {
        string[] names =
        [
            "LearningRate", "NumberOfEpochs", "BatchSize", "Optimizer.Momentum", "Optimizer.Nesterov", "Optimizer.NesterovIsNotMomentum",
            "Optimizer.Adam", "Momentum", "Momentum.Nesterov", "Beta1", "Beta2", "Epsilon", "L2Regularization", "L2Regularization.Adam",
            "L2RowsPerWeight", "L2RowsPerWeight.Adam",
            "ClassWeights", "ClassWeighting.Balanced", "ClassWeightsOverrideClassWeighting", "ExampleWeightColumnName", "ExampleAndClassWeights",
            "LearningRateSchedule.InverseScaling", "PowerT", "LearningRateSchedule.ReduceOnPlateau", "PlateauFactor", "PlateauPatience", "Tolerance",
        ];
        var data = new TheoryData<string, TrainingDataMode>();
        foreach (string name in names)
        {
            data.Add(name, TrainingDataMode.InMemory);
            data.Add(name, TrainingDataMode.Streaming);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheTrainerFollowsTheOption(string option, TrainingDataMode mode)
    {
        var (set, ignored) = Case(option);
        TwoLayerTrainer.Options with = Base(mode), without = Base(mode);
        set(with);
        ignored(without);
        List<OptionEffectData.Row> rows = OptionEffectData.Make();
        ReferenceTrainer.Data data = OptionEffectData.ToReference(rows);
        TwoLayerModelParameters initial = OptionEffectData.InitialModel();
        var start = ReferenceTrainer.Weights.From(initial);

        var ml = new MLContext(seed: 1);
        TwoLayerTransformer trained = new TwoLayerTrainer(ml, with).Fit(OptionEffectData.Load(ml, rows), initial);
        double[] actual = ReferenceTrainer.Weights.From(trained.Model).Flat();
        ReferenceTrainer.Result expected = ReferenceTrainer.Train(with, data, start);
        ReferenceTrainer.Result ifIgnored = ReferenceTrainer.Train(without, data, start);

        double error = MaxDifference(expected.Weights.Flat(), actual);
        double separation = MaxDifference(ifIgnored.Weights.Flat(), actual);
        output.WriteLine($"{option} ({mode}): |trained - reference| = {error:E2}, |trained - reference without the option| = {separation:E2}");
        Assert.True(error <= Agreement, $"{option}: the trained weights are {error:E2} from the reference run with the option");
        Assert.True(separation >= Separation * Agreement, $"{option}: the option moves the weights by only {separation:E2}; this case could not catch it being ignored");
        Assert.Equal(with.NumberOfEpochs, trained.History!.EpochsRun);
        for (int e = 0; e < expected.TrainingLoss.Count; e++)
        {
            Tolerance.Close(expected.TrainingLoss[e], trained.History.TrainingLoss[e], 1e-4, 1e-6, $"training loss of epoch {e + 1}");
        }
    }

    [Theory]
    [InlineData(HiddenActivation.LeakyRelu)]
    [InlineData(HiddenActivation.Tanh)]
    [InlineData(HiddenActivation.Sigmoid)]
    public void TheTrainerUsesTheHiddenActivation(HiddenActivation activation)
    {
        List<OptionEffectData.Row> rows = OptionEffectData.Make();
        ReferenceTrainer.Data data = OptionEffectData.ToReference(rows);
        TwoLayerModelParameters initial = OptionEffectData.InitialModel(activation);
        var start = ReferenceTrainer.Weights.From(initial);
        TwoLayerTrainer.Options options = Base(TrainingDataMode.InMemory);
        options.HiddenActivation = activation;
        options.LearningRate = 2f; // LeakyReLU differs from ReLU only by its 0.01 slope: take big steps so it shows
        var ml = new MLContext(seed: 1);
        TwoLayerTransformer trained = new TwoLayerTrainer(ml, options).Fit(OptionEffectData.Load(ml, rows), initial);
        double[] actual = ReferenceTrainer.Weights.From(trained.Model).Flat();
        Assert.Equal(activation, trained.Model.Activation);

        double error = MaxDifference(ReferenceTrainer.Train(options, data, start).Weights.Flat(), actual);
        options.HiddenActivation = HiddenActivation.Relu;
        double separation = MaxDifference(ReferenceTrainer.Train(options, data, start).Weights.Flat(), actual);
        output.WriteLine($"{activation}: error {error:E2}, separation from ReLU {separation:E2}");
        Assert.True(error <= Agreement, $"{activation}: {error:E2} from the reference");
        Assert.True(separation >= Separation * Agreement, $"{activation}: only {separation:E2} from ReLU training");
    }

    internal static double MaxDifference(double[] a, double[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
    }
}
