using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Engine.Training;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary>
/// <see cref="TwoLayerOptionsBase.EnsembleSize"/> through the public trainers: the model is one network
/// of <c>EnsembleSize × HiddenUnits</c> units whose scores are the mean of the scores of the members,
/// each trained on its own through the same public trainer with <c>EnsembleSize = 1</c> and the member's
/// seed. Ignoring the option (one network), training the members with one seed, or merging wrongly
/// all fail these.
/// </summary>
public class EnsembleSizeTests
{
    private const int Hidden = 4, Seed = 5;

    [Theory]
    [InlineData(TrainingDataMode.InMemory)]
    [InlineData(TrainingDataMode.Streaming)]
    public void MulticlassModelIsOneNetworkAveragingTheMembersLogits(TrainingDataMode mode)
    {
        var ml = new MLContext(1);
        List<OptionEffectData.Row> rows = OptionEffectData.Make(60);
        IDataView data = OptionEffectData.Load(ml, rows);
        // In memory each member also makes its own hold-out (from its own seed).
        TwoLayerTrainer.Options Options(int members, int seed) => new()
        {
            HiddenUnits = Hidden, NumberOfEpochs = 8, Seed = seed, EnsembleSize = members, DataMode = mode, NumberOfThreads = 1,
            ValidationFraction = mode == TrainingDataMode.InMemory ? 0.2 : 0,
        };

        TwoLayerTransformer ensemble = new TwoLayerTrainer(ml, Options(3, Seed)).Fit(data);
        int[] seeds = EnsembleTrainer.MemberSeeds(Seed, 3);
        TwoLayerModelParameters[] members = seeds.Select(s => new TwoLayerTrainer(ml, Options(1, s)).Fit(data).Model).ToArray();

        Assert.Equal(3 * Hidden, ensemble.Model.HiddenCount);
        Assert.Equal(3, ensemble.History!.Members.Count);
        Assert.Equal(Seed, seeds[0]);
        Assert.Equal(3, seeds.Distinct().Count());
        double largestGapToOneNetwork = 0;
        foreach (OptionEffectData.Row row in rows)
        {
            double[] merged = Logits(ensemble.Model, row.Features);
            double[][] each = members.Select(m => Logits(m, row.Features)).ToArray();
            for (int c = 0; c < merged.Length; c++)
            {
                Assert.Equal(each.Average(e => e[c]), merged[c], 1e-4);
                largestGapToOneNetwork = Math.Max(largestGapToOneNetwork, Math.Abs(merged[c] - each[0][c]));
            }
        }
        Assert.True(largestGapToOneNetwork > 0.01, $"the ensemble scores as its first member alone (gap {largestGapToOneNetwork})");
    }

    [Fact]
    public void SavedEnsembleLoadsAsOneNetworkOfAllTheMembersUnits()
    {
        var ml = new MLContext(1);
        IDataView data = OptionEffectData.Load(ml, OptionEffectData.Make(60));
        TwoLayerTransformer model = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { HiddenUnits = Hidden, NumberOfEpochs = 3, Seed = Seed, EnsembleSize = 2 }).Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = (TwoLayerTransformer)new MLContext(2).Model.Load(stream, out _);

        Assert.Equal(2 * Hidden, loaded.Model.HiddenCount);
        Assert.Equal(model.Model.GetOutputWeights(), loaded.Model.GetOutputWeights());
    }

    [Fact]
    public void BinaryScoreIsTheMeanOfTheMembersMargins()
    {
        var ml = new MLContext(1);
        IDataView data = TaskData.Featurize(ml).Fit(ml.Data.LoadFromEnumerable(TaskData.Binary(120, 3))).Transform(ml.Data.LoadFromEnumerable(TaskData.Binary(120, 3)));
        TwoLayerBinaryTrainer.Options Options(int members, int seed) => new()
        {
            HiddenUnits = Hidden, NumberOfEpochs = 6, Seed = seed, EnsembleSize = members, NumberOfThreads = 1, ValidationFraction = 0.2,
        };

        float[] ensemble = Scores(ml, new TwoLayerBinaryTrainer(ml, Options(2, Seed)).Fit(data), data);
        float[][] members = EnsembleTrainer.MemberSeeds(Seed, 2).Select(s => Scores(ml, new TwoLayerBinaryTrainer(ml, Options(1, s)).Fit(data), data)).ToArray();

        AssertMeanAndNotFirst(ensemble, members, 1e-4);
    }

    [Fact]
    public void RegressionScoreIsTheMeanOfTheMembersPredictionsWhateverTheirLabelScaling()
    {
        var ml = new MLContext(1);
        // Labels far from 0 and members with their own hold-outs, so each member standardises the label differently.
        List<TaskData.RegressionRow> rows = TaskData.Regression(120, 4, offset: 500, scale: 40);
        IDataView data = TaskData.Featurize(ml).Fit(ml.Data.LoadFromEnumerable(rows)).Transform(ml.Data.LoadFromEnumerable(rows));
        TwoLayerRegressionTrainer.Options Options(int members, int seed) => new()
        {
            HiddenUnits = Hidden, NumberOfEpochs = 6, Seed = seed, EnsembleSize = members, NumberOfThreads = 1, ValidationFraction = 0.25,
        };

        TwoLayerTransformer model = new TwoLayerRegressionTrainer(ml, Options(2, Seed)).Fit(data);
        TwoLayerTransformer[] memberModels = EnsembleTrainer.MemberSeeds(Seed, 2).Select(s => new TwoLayerRegressionTrainer(ml, Options(1, s)).Fit(data)).ToArray();
        Assert.NotEqual(memberModels[0].Model.LabelScale, memberModels[1].Model.LabelScale); // the case the merge must fold in
        float[][] members = memberModels.Select(m => Scores(ml, m, data)).ToArray();

        Assert.Equal(2 * Hidden, model.Model.HiddenCount);
        AssertMeanAndNotFirst(Scores(ml, model, data), members, 1e-3);
    }

    [Fact]
    public void SameSeedGivesTheSameEnsembleOnOneAndTwoThreads()
    {
        var ml = new MLContext(1);
        IDataView data = ParallelGemmData.Load(ml);
        TwoLayerModelParameters Train(int threads, out long parallel)
        {
            TwoLayerTrainer.Options options = ParallelGemmData.Options(threads, epochs: 1);
            options.EnsembleSize = 2;
            TwoLayerModelParameters? model = null;
            parallel = ParallelGemmData.ParallelProducts(() => model = new TwoLayerTrainer(ml, options).Fit(data).Model);
            return model!;
        }

        TwoLayerModelParameters one = Train(1, out _);
        TwoLayerModelParameters two = Train(2, out long parallel);
        Assert.True(parallel > 0, "the two-thread fit must take the parallel GEMM path");
        Assert.Equal(2 * ParallelGemmData.Hidden, one.HiddenCount);
        Assert.Equal(one.GetHiddenWeights(), two.GetHiddenWeights());
        Assert.Equal(one.GetOutputWeights(), two.GetOutputWeights());
        Assert.Equal(one.GetOutputBiases(), two.GetOutputBiases());
    }

    [Fact]
    public void ContinuingAnEnsembleStartsEachMemberFromItsShare()
    {
        var ml = new MLContext(1);
        List<OptionEffectData.Row> rows = OptionEffectData.Make(60);
        IDataView data = OptionEffectData.Load(ml, rows);
        TwoLayerTrainer.Options Options(int members, int seed) => new() { HiddenUnits = Hidden, NumberOfEpochs = 3, Seed = seed, EnsembleSize = members, NumberOfThreads = 1 };
        TwoLayerModelParameters start = new TwoLayerTrainer(ml, Options(2, 11)).Fit(data).Model;

        TwoLayerModelParameters continued = new TwoLayerTrainer(ml, Options(2, Seed)).Fit(data, start).Model;
        int[] seeds = EnsembleTrainer.MemberSeeds(Seed, 2);
        TwoLayerModelParameters[] members = [.. Enumerable.Range(0, 2).Select(m => new TwoLayerTrainer(ml, Options(1, seeds[m])).Fit(data, Share(start, m, 2)).Model)];

        foreach (OptionEffectData.Row row in rows)
        {
            double[] merged = Logits(continued, row.Features);
            double[][] each = members.Select(m => Logits(m, row.Features)).ToArray();
            for (int c = 0; c < merged.Length; c++)
            {
                Assert.Equal(each.Average(e => e[c]), merged[c], 1e-4);
            }
        }
        var wrongSize = Assert.Throws<ArgumentException>(() => new TwoLayerTrainer(ml, Options(3, Seed)).Fit(data, start));
        Assert.Contains("EnsembleSize 3", wrongSize.Message);
        // The merged network also continues as one network of all its units.
        Assert.Equal(2 * Hidden, new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { HiddenUnits = 2 * Hidden, NumberOfEpochs = 1, Seed = Seed, EnsembleSize = 1 }).Fit(data, start).Model.HiddenCount);
    }

    [Fact]
    public void EveryTrainerDefaultsToOneNetwork()
    {
        var ml = new MLContext(1);
        IDataView data = OptionEffectData.Load(ml, OptionEffectData.Make(30));
        Assert.Equal(Hidden, new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { HiddenUnits = Hidden, NumberOfEpochs = 1 }).Fit(data).Model.HiddenCount);
        Assert.Equal(Hidden, ml.MulticlassClassification.Trainers.TwoLayer(hiddenUnits: Hidden, numberOfEpochs: 1).Fit(data).Model.HiddenCount);
        IDataView binary = TaskData.Featurize(ml).Fit(ml.Data.LoadFromEnumerable(TaskData.Binary(30, 3))).Transform(ml.Data.LoadFromEnumerable(TaskData.Binary(30, 3)));
        Assert.Equal(Hidden, ml.BinaryClassification.Trainers.TwoLayer(hiddenUnits: Hidden, numberOfEpochs: 1).Fit(binary).Model.HiddenCount);
        Assert.Equal(1, new TwoLayerRegressionTrainer.Options().EnsembleSize);
        Assert.Equal(1, TwoLayerTrainer.Options.Defaults.EnsembleSize);
    }

    [Theory]
    [InlineData(0, Hidden)]
    [InlineData(65, Hidden)]
    [InlineData(2, 1 << 20)]
    public void BadEnsembleSizeIsRejectedNamingTheOption(int members, int hidden)
    {
        var ml = new MLContext(1);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { EnsembleSize = members, HiddenUnits = hidden }));
        Assert.Equal(nameof(TwoLayerOptionsBase.EnsembleSize), ex.ParamName);
        Assert.Contains("TwoLayerTrainer.Options.EnsembleSize", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TwoLayerRegressionTrainer(ml, new TwoLayerRegressionTrainer.Options { EnsembleSize = members, HiddenUnits = hidden }));
    }

    private static void AssertMeanAndNotFirst(float[] ensemble, float[][] members, double tolerance)
    {
        double gap = 0;
        for (int r = 0; r < ensemble.Length; r++)
        {
            Assert.Equal(members.Average(m => (double)m[r]), ensemble[r], tolerance);
            gap = Math.Max(gap, Math.Abs(ensemble[r] - members[0][r]));
        }
        Assert.True(gap > 0.01, $"the ensemble scores as its first member alone (gap {gap})");
    }

    private static float[] Scores(MLContext ml, ITransformer model, IDataView data) => model.Transform(data).GetColumn<float>("Score").ToArray();

    /// <summary>The seed's logits s = relu(x·W1 + b1)·W2 + b2, in double, from the public weights.</summary>
    private static double[] Logits(TwoLayerModelParameters model, float[] x)
    {
        float[,] w1 = model.GetHiddenWeights(), w2 = model.GetOutputWeights();
        float[] b1 = model.GetHiddenBiases(), b2 = model.GetOutputBiases();
        double[] s = b2.Select(v => (double)v).ToArray();
        for (int j = 0; j < model.HiddenCount; j++)
        {
            double z = b1[j];
            for (int i = 0; i < model.InputCount; i++)
            {
                z += x[i] * w1[i, j];
            }
            double h = Math.Max(0, z);
            for (int c = 0; c < s.Length; c++)
            {
                s[c] += h * w2[j, c];
            }
        }
        return s;
    }

    /// <summary>Member <paramref name="m"/>'s share of an ensemble model, as the public API builds it: its units, W2 rows times k, the model's b2.</summary>
    private static TwoLayerModelParameters Share(TwoLayerModelParameters model, int m, int k)
    {
        int h = model.HiddenCount / k;
        float[,] w1 = model.GetHiddenWeights(), w2 = model.GetOutputWeights();
        var mw1 = new float[model.InputCount, h];
        var mw2 = new float[h, model.ClassCount];
        for (int j = 0; j < h; j++)
        {
            for (int i = 0; i < model.InputCount; i++)
            {
                mw1[i, j] = w1[i, m * h + j];
            }
            for (int c = 0; c < model.ClassCount; c++)
            {
                mw2[j, c] = w2[m * h + j, c] * k;
            }
        }
        return new TwoLayerModelParameters(mw1, model.GetHiddenBiases().Skip(m * h).Take(h).ToArray(), mw2, model.GetOutputBiases());
    }
}
