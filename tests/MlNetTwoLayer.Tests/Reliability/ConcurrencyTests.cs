using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.Reliability;

/// <summary>One trained model shared by many threads, and trainers running side by side.</summary>
public class ConcurrencyTests
{
    public sealed class ScoreRow
    {
        public float[] Score { get; set; } = [];
    }

    private static float[][] Scores(MLContext ml, IDataView scored)
        => ml.Data.CreateEnumerable<ScoreRow>(scored, reuseRowObject: false).Select(r => r.Score).ToArray();

    [Fact]
    public void EightThreadsScoringAtOnceGetTheSingleThreadedResults()
    {
        var ml = new MLContext(seed: 1);
        var model = IrisData.Featurize(ml).Append(ml.MulticlassClassification.Trainers.TwoLayer(new TwoLayerTrainer.Options { NumberOfEpochs = 20, Seed = 1 })).Fit(IrisData.Load(ml));
        IDataView data = IrisData.Load(ml);
        float[][] expected = Scores(ml, model.Transform(data));
        List<IrisData.Flower> rows = IrisData.Rows();

        using var start = new Barrier(8);
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            try
            {
                var engine = ml.Model.CreatePredictionEngine<IrisData.Flower, ScoreRow>(model);
                start.SignalAndWait();
                for (int round = 0; round < 3; round++)
                {
                    float[][] viaCursor = Scores(ml, model.Transform(data));
                    for (int i = 0; i < rows.Count; i++)
                    {
                        if (!viaCursor[i].SequenceEqual(expected[i]) || !engine.Predict(rows[i]).Score.SequenceEqual(expected[i]))
                        {
                            failures.Add($"thread {t} round {round} row {i}");
                        }
                    }
                }
            }
            catch (Exception e)
            {
                failures.Add($"thread {t}: {e}");
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(failures);
    }

    [Fact]
    public void ParallelCursorSetsScoreLikeOneCursor()
    {
        var ml = new MLContext(seed: 1);
        IDataView data = IrisData.Featurize(ml).Fit(IrisData.Load(ml)).Transform(IrisData.Load(ml));
        TwoLayerTransformer model = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { NumberOfEpochs = 10, Seed = 1 }).Fit(data);
        IDataView scored = model.Transform(ml.Data.Cache(data));
        // Each row's score as one cursor gives it, keyed by the row's features (identical features score identically).
        var expected = new Dictionary<string, float[]>();
        using (DataViewRowCursor one = scored.GetRowCursor(scored.Schema))
        {
            var features = one.GetGetter<VBuffer<float>>(scored.Schema["Features"]);
            var scoreGetter = one.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
            VBuffer<float> f = default, s = default;
            while (one.MoveNext())
            {
                features(ref f);
                scoreGetter(ref s);
                expected[string.Join(",", f.DenseValues())] = s.DenseValues().ToArray();
            }
        }
        DataViewRowCursor[] cursors = scored.GetRowCursorSet([scored.Schema["Features"], scored.Schema["Score"]], 4);
        int rowsSeen = 0;
        var probabilities = new float[3];
        foreach (DataViewRowCursor cursor in cursors)
        {
            using (cursor)
            {
                var getter = cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
                var featureGetter = cursor.GetGetter<VBuffer<float>>(scored.Schema["Features"]);
                VBuffer<float> score = default, features = default;
                while (cursor.MoveNext())
                {
                    getter(ref score);
                    featureGetter(ref features);
                    float[] x = features.DenseValues().ToArray();
                    Assert.Equal(expected[string.Join(",", x)], score.DenseValues().ToArray());
                    // And what the model computes for these features directly.
                    model.Model.Score(x, probabilities);
                    Assert.Equal(probabilities, score.DenseValues().ToArray());
                    rowsSeen++;
                }
            }
        }
        Assert.Equal(150, rowsSeen);
    }

    [Fact]
    public void TwoTrainersFittingAtOnceDoNotInterfere()
    {
        // Shapes that take GemmEngine's parallel path, so both fits really run worker threads at once.
        TwoLayerModelParameters Fit(int seed)
        {
            var ml = new MLContext(seed: 1);
            TwoLayerModelParameters? model = null;
            long parallel = ParallelGemmData.ParallelProducts(() => model = new TwoLayerTrainer(ml, ParallelGemmData.Options(2, epochs: 3, seed: seed)).Fit(ParallelGemmData.Load(ml)).Model);
            Assert.True(parallel > 0, "no product went to the worker threads");
            return model!;
        }
        TwoLayerModelParameters aAlone = Fit(1), bAlone = Fit(2);
        TwoLayerModelParameters? aTogether = null, bTogether = null;
        Parallel.Invoke(() => aTogether = Fit(1), () => bTogether = Fit(2));
        Assert.Equal(aAlone.GetHiddenWeights(), aTogether!.GetHiddenWeights());
        Assert.Equal(bAlone.GetOutputWeights(), bTogether!.GetOutputWeights());
    }
}
