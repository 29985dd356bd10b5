using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.Reliability;

/// <summary>
/// Issue 17 item 8 for the binary and regression heads: finite weights as large as 3e38 score
/// finitely (and correctly where the true value fits in a float) through every scoring route; and
/// an ONNX export, which computes in float with no fallback, refuses such weights.
/// </summary>
public sealed class AttackHeadScoringTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tl-headscore-" + Guid.NewGuid().ToString("N"));

    public AttackHeadScoringTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly TargetScaling RegressionScaling = new(5000, 300);

    private static IOutputHead Head(TwoLayerTask task) => task switch
    {
        TwoLayerTask.BinaryClassification => SigmoidBinaryCrossEntropyHead.Instance,
        TwoLayerTask.Regression => new IdentitySquaredErrorHead(RegressionScaling),
        _ => SoftmaxCrossEntropyHead.Instance,
    };

    private static TwoLayerModelParameters Model(TwoLayerTask task, float[] w1, float[] b1, float[] w2, float[] b2, HiddenActivation activation = HiddenActivation.Relu)
    {
        var p = new NetworkParameters(new NetworkShape(w1.Length / b1.Length, b1.Length, b2.Length));
        w1.CopyTo(p.W1);
        b1.CopyTo(p.B1);
        w2.CopyTo(p.W2);
        b2.CopyTo(p.B2);
        return new TwoLayerModelParameters(p, null, activation, Head(task));
    }

    /// <summary>
    /// One input, two hidden units. For x = 1 the float sum 2e38 + 2e38 overflows, but the exact
    /// margin is 4e38·1e-38 - 2e38·1e-38 = 2: a row that must be rescored, with a representable answer.
    /// </summary>
    private static TwoLayerModelParameters OverflowingButRepresentable(TwoLayerTask task)
        => Model(task, w1: [2e38f, 2e38f], b1: [2e38f, 0], w2: [1e-38f, -1e-38f], b2: [0]);

    /// <summary>2-2-1 with every weight ±3e38: x = [1, -1] gives Inf - Inf = NaN in float; the exact margin is -9e76.</summary>
    private static TwoLayerModelParameters Huge(TwoLayerTask task, HiddenActivation activation = HiddenActivation.Relu)
        => Model(task, w1: [3e38f, 3e38f, 3e38f, -3e38f], b1: [3e38f, 0], w2: [3e38f, -3e38f], b2: [3e38f], activation);

    public sealed class Row
    {
        [VectorType(1)]
        public float[] Features { get; set; } = [];
    }

    public sealed class Row2
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];
    }

    public sealed class BinaryPrediction
    {
        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }

    public sealed class RegressionPrediction
    {
        public float Score { get; set; }
    }

    [Fact]
    public void ABinaryRowWhoseFloatSumsOverflowIsRescoredToTheExactMarginOnEveryRoute()
    {
        TwoLayerModelParameters model = OverflowingButRepresentable(TwoLayerTask.BinaryClassification);
        float expectedProbability = (float)(1 / (1 + Math.Exp(-2)));
        var p = new float[1];

        model.Score([1f], p);
        Assert.Equal(expectedProbability, p[0], 1e-6);

        var ml = new MLContext(seed: 1);
        var transformer = new TwoLayerTransformer(ml, model);
        IDataView scored = transformer.Transform(ml.Data.LoadFromEnumerable(new[] { new Row { Features = [1f] }, new Row { Features = [0.5f] } }));
        float[] score = scored.GetColumn<float>("Score").ToArray();
        float[] probability = scored.GetColumn<float>("Probability").ToArray();
        Assert.Equal(2f, score[0], 1e-5);
        Assert.Equal(expectedProbability, probability[0], 1e-6);
        Assert.Equal(new[] { true, true }, scored.GetColumn<bool>("PredictedLabel").ToArray());
        // x = 0.5: 1e38 + 2e38 fits in a float, so the fast path gives 3e38·1e-38 - 1e38·1e-38 = 2 as well.
        Assert.Equal(2f, score[1], 1e-5);

        BinaryPrediction one = ml.Model.CreatePredictionEngine<Row, BinaryPrediction>(transformer).Predict(new Row { Features = [1f] });
        Assert.Equal(2f, one.Score, 1e-5);
        Assert.Equal(expectedProbability, one.Probability, 1e-6);
        Assert.True(one.PredictedLabel);
    }

    [Fact]
    public void ARegressionRowWhoseFloatSumsOverflowIsRescoredToTheExactValueOnEveryRoute()
    {
        TwoLayerModelParameters model = OverflowingButRepresentable(TwoLayerTask.Regression);
        const float Expected = 5000 + 300 * 2; // label = margin·Scale + Offset
        var p = new float[1];

        model.Score([1f], p);
        Assert.Equal(Expected, p[0], 1e-3);

        var ml = new MLContext(seed: 1);
        var transformer = new TwoLayerTransformer(ml, model);
        float[] score = transformer.Transform(ml.Data.LoadFromEnumerable(new[] { new Row { Features = [1f] } })).GetColumn<float>("Score").ToArray();
        Assert.Equal(Expected, score[0], 1e-3);
        Assert.Equal(Expected, ml.Model.CreatePredictionEngine<Row, RegressionPrediction>(transformer).Predict(new Row { Features = [1f] }).Score, 1e-3);
    }

    [Theory]
    [InlineData(TwoLayerTask.BinaryClassification, HiddenActivation.Relu)]
    [InlineData(TwoLayerTask.BinaryClassification, HiddenActivation.LeakyRelu)]
    [InlineData(TwoLayerTask.BinaryClassification, HiddenActivation.Tanh)]
    [InlineData(TwoLayerTask.BinaryClassification, HiddenActivation.Sigmoid)]
    [InlineData(TwoLayerTask.Regression, HiddenActivation.Relu)]
    [InlineData(TwoLayerTask.Regression, HiddenActivation.LeakyRelu)]
    [InlineData(TwoLayerTask.Regression, HiddenActivation.Tanh)]
    [InlineData(TwoLayerTask.Regression, HiddenActivation.Sigmoid)]
    public void WeightsOf3e38ScoreFinitelyThroughScoreTransformAndAModelFile(TwoLayerTask task, HiddenActivation activation)
    {
        string path = Path.Combine(_folder, $"huge-{task}-{activation}.tlnn");
        Huge(task, activation).SaveToFile(path);
        TwoLayerModelParameters model = TwoLayerModelParameters.LoadFromFile(path);
        float[][] inputs = [[1, 1], [1, -1], [3e38f, 3e38f], [-3e38f, 1e-30f], [0, 0]];
        var p = new float[1];
        foreach (float[] x in inputs)
        {
            model.Score(x, p);
            Assert.True(float.IsFinite(p[0]), $"{task} {activation} at [{string.Join(", ", x)}]: {p[0]}");
            if (task == TwoLayerTask.BinaryClassification)
            {
                Assert.InRange(p[0], 0f, 1f);
            }
        }

        var ml = new MLContext(seed: 1);
        IDataView scored = new TwoLayerTransformer(ml, model).Transform(ml.Data.LoadFromEnumerable(inputs.Select(x => new Row2 { Features = x }).ToList()));
        float[] score = scored.GetColumn<float>("Score").ToArray();
        Assert.All(score, v => Assert.True(float.IsFinite(v), $"{task} {activation}: Score {v}"));
        if (task == TwoLayerTask.BinaryClassification)
        {
            float[] probability = scored.GetColumn<float>("Probability").ToArray();
            Assert.All(probability, v => Assert.InRange(v, 0f, 1f));
            // Each predicted label agrees with its margin's sign.
            Assert.Equal(score.Select(s => s > 0).ToArray(), scored.GetColumn<bool>("PredictedLabel").ToArray());
        }
        if (activation == HiddenActivation.Relu)
        {
            // [1, -1]: h = [3e38, 6e38], margin 9e76 - 1.8e77 + 3e38 = -9e76, beyond float: the nearest float.
            Assert.Equal(-float.MaxValue, score[1]);
        }
    }

    [Theory]
    [InlineData(TwoLayerTask.BinaryClassification)]
    [InlineData(TwoLayerTask.Regression)]
    public void TheDoubleFallbackIsATwinOfTheFastScorerForTheOneOutputHeads(TwoLayerTask task)
    {
        var random = new Random(7);
        foreach (HiddenActivation activation in Enum.GetValues<HiddenActivation>())
        {
            float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            TwoLayerModelParameters model = Model(task, Values(7 * 13), Values(13), Values(13), Values(1), activation);
            for (int trial = 0; trial < 20; trial++)
            {
                float[] x = Values(7).Select(v => 2 * v).ToArray();
                float[] fastRaw = new float[1], fast = new float[1], naiveRaw = new float[1], naive = new float[1];
                SingleRowScorer.Score(model.Parameters, activation, model.Head, x, new float[13], fastRaw, fast);
                SingleRowScorer.ScoreInDouble(model.Parameters, activation, model.Head, x, naiveRaw, naive);
                Assert.Equal(naiveRaw[0], fastRaw[0], 1e-5);
                Assert.Equal(naive[0], fast[0], task == TwoLayerTask.Regression ? 1e-2 : 1e-6);
            }
        }
    }

    // ONNX: the graph computes in float with no fallback, so such weights are refused at export.
    [Theory]
    [InlineData(TwoLayerTask.MulticlassClassification)]
    [InlineData(TwoLayerTask.BinaryClassification)]
    [InlineData(TwoLayerTask.Regression)]
    public void ExportingWeightsOf3e38ToOnnxIsRefusedNamingTheWeightsAndWhatToDo(TwoLayerTask task)
    {
        TwoLayerModelParameters model = task == TwoLayerTask.MulticlassClassification
            ? new TwoLayerModelParameters(new float[2, 2] { { 3e38f, 3e38f }, { 3e38f, -3e38f } }, [3e38f, 0], new float[2, 2] { { 3e38f, -3e38f }, { -3e38f, 3e38f } }, [0, 0])
            : Huge(task);
        using var stream = new MemoryStream();
        string path = Path.Combine(_folder, "huge.onnx");

        var ex = Assert.Throws<InvalidOperationException>(() => model.ExportToOnnx(stream));
        var fromTransformer = Assert.Throws<InvalidOperationException>(() => new TwoLayerTransformer(new MLContext(), model).ExportToOnnx(path));
        // The whole-pipeline converter writes the same float graph, so it refuses the same weights.
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(new[] { new Row2 { Features = [1, 1] } });
        var fromConverter = Assert.Throws<InvalidOperationException>(() => ml.Model.ConvertToOnnx(new TwoLayerTransformer(ml, model), data, stream));

        Assert.Contains("cannot be exported to ONNX", ex.Message);
        Assert.Contains("hidden layer's sums", ex.Message);
        Assert.Contains("The largest weight is 3E+38 (hidden weights W1[0, 0])", ex.Message);
        Assert.Contains("L2Regularization", ex.Message);
        Assert.Contains("score it with ML.NET", ex.Message);
        Assert.Equal(ex.Message, fromTransformer.Message);
        Assert.Equal(ex.Message, fromConverter.Message);
        Assert.Equal(0, stream.Length);
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void TheOnnxCheckAcceptsWeightsWhoseSumsFitAndOnnxRuntimeScoresThemFinitelyAtItsFeatureBound()
    {
        // |x| ≤ 1e6: hidden ≤ 1e6·1e15 = 1e21, margin ≤ 1e21·1e17 = 1e38 < 3.4e38, so it is exported...
        TwoLayerModelParameters fits = Model(TwoLayerTask.BinaryClassification, w1: [1e15f], b1: [0], w2: [1e17f], b2: [0]);
        using var stream = new MemoryStream();
        fits.ExportToOnnx(stream);
        using var session = new InferenceSession(stream.ToArray());
        float[] x = [1e6f, -1e6f, 1f];
        using var input = OrtValue.CreateTensorValueFromMemory(x, [3, 1]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["features"], [input], ["score", "probability"]);
        float[] score = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        float[] probability = outputs[1].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal(1e38f, score[0], 1e32);
        Assert.Equal(0f, score[1]);
        Assert.Equal(1e32f, score[2], 1e26);
        Assert.All(probability, v => Assert.InRange(v, 0f, 1f));

        // ...while ten times larger output weights could reach 1e39 and are refused, naming that layer;
        var output = Assert.Throws<InvalidOperationException>(() => Model(TwoLayerTask.BinaryClassification, w1: [1e15f], b1: [0], w2: [1e18f], b2: [0]).ExportToOnnx(new MemoryStream()));
        Assert.Contains("output layer's sums h·W2 + b2 can reach 1E+39", output.Message);
        Assert.Contains("(output weights W2[0, 0])", output.Message);

        // and a regression whose label scale (300) takes the value past float's range is refused too.
        var label = Assert.Throws<InvalidOperationException>(() => Model(TwoLayerTask.Regression, w1: [1e15f], b1: [0], w2: [1e17f], b2: [0]).ExportToOnnx(new MemoryStream()));
        Assert.Contains("predicted values in the label's units can reach 3E+40", label.Message);
    }

    [Fact]
    public void TrainedModelsOfEveryTaskPassTheOnnxCheck()
    {
        var ml = new MLContext(seed: 1);
        var binaryRows = TaskData.Binary(100, 3);
        IDataView binary = TaskData.Featurize(ml).Fit(ml.Data.LoadFromEnumerable(binaryRows)).Transform(ml.Data.LoadFromEnumerable(binaryRows));
        var regressionRows = TaskData.Regression(100, 4, offset: 1e6, scale: 1e5);
        IDataView regression = TaskData.Featurize(ml).Fit(ml.Data.LoadFromEnumerable(regressionRows)).Transform(ml.Data.LoadFromEnumerable(regressionRows));

        using var stream = new MemoryStream();
        ml.BinaryClassification.Trainers.TwoLayer(new TwoLayerBinaryTrainer.Options { HiddenUnits = 4, NumberOfEpochs = 3, Seed = 1 }).Fit(binary).ExportToOnnx(stream);
        Assert.True(stream.Length > 0);
        stream.SetLength(0);
        ml.Regression.Trainers.TwoLayer(new TwoLayerRegressionTrainer.Options { HiddenUnits = 4, NumberOfEpochs = 3, Seed = 1 }).Fit(regression).ExportToOnnx(stream);
        Assert.True(stream.Length > 0);
    }
}
