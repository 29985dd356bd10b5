using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Numerics;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Network;

/// <summary>
/// The network's pieces that the gradient checks reach only in part: the single-row scorer's dense,
/// sparse and double paths against each other, sparse batches touching many W1 rows against the
/// dense pass, the L2 terms, the initialisers' exact draws, and the argument checks' messages.
/// </summary>
public class NetworkPiecesTests
{
    private static NetworkParameters Random(NetworkShape shape, int seed, float scale = 1)
    {
        var p = new NetworkParameters(shape);
        var random = new SeededRandom(seed);
        for (int i = 0; i < p.Values.Length; i++)
        {
            p.Values[i] = scale * (2 * random.NextSingle() - 1);
        }
        return p;
    }

    private static IOutputHead[] Heads(int classes) => classes == 1
        ? [SigmoidBinaryCrossEntropyHead.Instance, new IdentitySquaredErrorHead(new TargetScaling(3, 2)), new IdentityHuberHead(new TargetScaling(-1, 0.5), 1)]
        : [SoftmaxCrossEntropyHead.Instance];

    [Fact]
    public void ASparseRowWhoseFloatSumsOverflowIsRescoredInDoubleAsADenseRowIs()
    {
        // x = [0, 1, 0] given as index 1 twice (0.25 + 0.75, summed as ScoreSparseRaw sums it): the float sum
        // 2e38 + 2e38 overflows; in double the raw scores are 2 and -2.
        var p = new NetworkParameters(new NetworkShape(3, 2, 2));
        float[] w1 = [0, 0, 2e38f, 2e38f, 0, 0];
        w1.CopyTo(p.W1);
        float[] b1 = [2e38f, 0];
        b1.CopyTo(p.B1);
        float[] w2 = [1e-38f, -1e-38f, -1e-38f, 1e-38f];
        w2.CopyTo(p.W2);
        float[] raw = new float[2], predictions = new float[2], denseRaw = new float[2], dense = new float[2];

        SingleRowScorer.ScoreSparse(p, HiddenActivation.Relu, SoftmaxCrossEntropyHead.Instance, [1, 1], [0.25f, 0.75f], new float[2], raw, predictions);
        SingleRowScorer.Score(p, HiddenActivation.Relu, SoftmaxCrossEntropyHead.Instance, [0f, 1, 0], new float[2], denseRaw, dense);

        Assert.Equal(2, raw[0], 5);
        Assert.Equal(-2, raw[1], 5);
        Assert.Equal(dense, predictions);
        Assert.Equal(denseRaw, raw);
        Assert.Equal(1 / (1 + Math.Exp(-4)), predictions[0], 6);
    }

    [Fact]
    public void ASparseRowThatDoesNotOverflowKeepsTheSparseKernelsScores()
    {
        NetworkParameters p = Random(new NetworkShape(6, 5, 3), 4);
        int[] indices = [1, 4];
        float[] values = [0.5f, -2f];
        float[] raw = new float[3], predictions = new float[3], expectedRaw = new float[3];

        SingleRowScorer.ScoreSparse(p, HiddenActivation.Relu, SoftmaxCrossEntropyHead.Instance, indices, values, new float[5], raw, predictions);
        SingleRowScorer.ScoreSparseRaw(p, HiddenActivation.Relu, indices, values, new float[5], expectedRaw);

        Assert.Equal(expectedRaw, raw);
        float[] expected = (float[])expectedRaw.Clone();
        SoftmaxCrossEntropyHead.Instance.Predict(expected, 1, 3);
        Assert.Equal(expected, predictions);
    }

    [Theory]
    [InlineData(HiddenActivation.Relu, 4)]
    [InlineData(HiddenActivation.LeakyRelu, 4)]
    [InlineData(HiddenActivation.Tanh, 1)]
    [InlineData(HiddenActivation.Sigmoid, 1)]
    public void TheDoubleScorerIsATwinOfTheFloatScorerForEveryHead(HiddenActivation activation, int classes)
    {
        var shape = new NetworkShape(5, 6, classes);
        NetworkParameters p = Random(shape, 17);
        float[] x = [0.5f, -1.25f, 2f, 0f, -0.75f];
        foreach (IOutputHead head in Heads(classes))
        {
            float[] fast = new float[classes], raw = new float[classes], twin = new float[classes], twinRaw = new float[classes];
            SingleRowScorer.Score(p, activation, head, x, new float[6], raw, fast);
            SingleRowScorer.ScoreInDouble(p, activation, head, x, twinRaw, twin);

            for (int k = 0; k < classes; k++)
            {
                Assert.Equal(twin[k], fast[k], 1e-5f);
                Assert.Equal(twinRaw[k], raw[k], 1e-5f);
            }
        }
        var probabilities = new float[classes];
        SingleRowScorer.ScoreInDouble(p, activation, x, probabilities);
        var viaHead = new float[classes];
        SingleRowScorer.ScoreInDouble(p, activation, SoftmaxCrossEntropyHead.Instance, x, default, viaHead);
        Assert.Equal(viaHead, probabilities);
        Assert.Equal(1.0, probabilities.Sum(), 1e-6);
    }

    [Fact]
    public void TheDoubleSoftmaxSubtractsTheLargestScore()
    {
        // Scores 400 and 600: e^600 is finite in double but e^(600 + 600) is not.
        var p = new NetworkParameters(new NetworkShape(1, 1, 2));
        p.W1[0] = 1;
        p.W2[0] = 400;
        p.W2[1] = 600;
        var probabilities = new float[2];

        SingleRowScorer.ScoreInDouble(p, HiddenActivation.Relu, [1f], probabilities);

        Assert.Equal([(float)Math.Exp(-200), 1f], probabilities);
    }

    [Fact]
    public void FiniteRowsAreScoredOnTheFloatPathBitForBit()
    {
        // The double fallback is for rows whose float sums overflow only; others keep the fast path's exact bits.
        var shape = new NetworkShape(6, 8, 3);
        NetworkParameters p = Random(shape, 5, 3);
        float[] x = [1.5f, -2f, 0.25f, 3f, -0.5f, 1f];
        float[] expected = new float[3];
        SingleRowScorer.ScoreRaw(p, HiddenActivation.Tanh, x, new float[8], expected);
        SoftmaxCrossEntropyHead.Instance.Predict(expected, 1, 3);
        float[] withRaw = new float[3], raw = new float[3], plain = new float[3];

        SingleRowScorer.Score(p, HiddenActivation.Tanh, SoftmaxCrossEntropyHead.Instance, x, new float[8], plain);
        SingleRowScorer.Score(p, HiddenActivation.Tanh, SoftmaxCrossEntropyHead.Instance, x, new float[8], raw, withRaw);

        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), plain.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), withRaw.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void AMissingFeatureScoresNaNWhateverTheBuffersHeld()
    {
        var shape = new NetworkShape(3, 4, 2);
        NetworkParameters p = Random(shape, 9);
        float[] dense = [1f, 1f], sparse = [1f, 1f];

        SingleRowScorer.ScoreRaw(p, HiddenActivation.Relu, [1f, float.NaN, 0f], new float[4], dense);
        SingleRowScorer.ScoreSparseRaw(p, HiddenActivation.Relu, [0, 1], [1f, float.NaN], new float[4], sparse);

        Assert.All(dense, v => Assert.True(float.IsNaN(v)));
        Assert.All(sparse, v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void ASparseRowScoresLikeItsDenseForm()
    {
        var shape = new NetworkShape(10, 5, 3);
        NetworkParameters p = Random(shape, 21);
        int[] indices = [7, 2, 9];
        float[] values = [1.5f, -0.5f, 2f];
        var x = new float[10];
        for (int k = 0; k < indices.Length; k++)
        {
            x[indices[k]] = values[k];
        }
        float[] hidden = new float[5];
        hidden.AsSpan().Fill(42); // the sparse path must start from zero
        float[] sparse = new float[3], dense = new float[3];

        SingleRowScorer.ScoreSparseRaw(p, HiddenActivation.LeakyRelu, indices, values, hidden, sparse);
        SingleRowScorer.ScoreRaw(p, HiddenActivation.LeakyRelu, x, new float[5], dense);

        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(dense[k], sparse[k], 1e-5f);
        }
    }

    [Fact]
    public void ASparseBatchTouchingManyRowsHasTheDenseGradientsAndProbabilities()
    {
        // 700 rows, each with its own feature (and some with a second): 700 touched W1 rows, well
        // past the 256 rows reserved at first and past one doubling.
        const int Rows = 700, Inputs = 720, Hidden = 3, Classes = 3;
        var shape = new NetworkShape(Inputs, Hidden, Classes);
        NetworkParameters p = Random(shape, 33, 0.5f);
        var starts = new List<int> { 0 };
        var indices = new List<int>();
        var values = new List<float>();
        var x = new float[Rows * Inputs];
        for (int r = 0; r < Rows; r++)
        {
            indices.Add(r);
            values.Add(1 + r % 3);
            x[r * Inputs + r] = 1 + r % 3;
            if (r % 7 == 0)
            {
                indices.Add(Inputs - 1 - r % 20);
                values.Add(-0.5f);
                x[r * Inputs + Inputs - 1 - r % 20] = -0.5f;
            }
            starts.Add(indices.Count);
        }
        int[] labels = Enumerable.Range(0, Rows).Select(r => r % Classes).ToArray();
        var network = new TwoLayerNetwork(p, HiddenActivation.Relu);
        var batch = new CsrBatch(starts.ToArray(), indices.ToArray(), values.ToArray(), Rows, Inputs);
        var sparseWs = new BatchWorkspace(shape, Rows, new GemmEngine(), needsInputBuffer: false);
        var denseWs = new BatchWorkspace(shape, Rows, new GemmEngine(), needsInputBuffer: false);
        var sparse = new SparseGradients(shape);
        var dense = new NetworkParameters(shape);

        double sparseLoss = network.ForwardWithLoss(batch, labels, [], sparseWs);
        network.Backward(batch, labels, [], Rows, sparseWs, sparse);
        double denseLoss = network.ForwardWithLoss(x, Rows, labels, [], denseWs);
        network.Backward(x, Rows, labels, [], Rows, denseWs, dense);

        Assert.Equal(denseLoss, sparseLoss, 1e-3);
        int[] touched = sparse.TouchedRows.ToArray();
        Assert.Equal(Inputs, touched.Length + Enumerable.Range(0, Inputs).Count(i => !touched.Contains(i)));
        Assert.True(touched.Length >= Rows);
        // The compact rows grew to what the batch needs, not to the largest array.
        Assert.InRange(sparse.W1RowsArray.Length, touched.Length * Hidden, 4 * touched.Length * Hidden);
        for (int c = 0; c < touched.Length; c++)
        {
            for (int j = 0; j < Hidden; j++)
            {
                Assert.Equal(dense.W1[touched[c] * Hidden + j], sparse.W1Rows[c * Hidden + j], 1e-5f);
            }
        }
        float[] denseTail = dense.Values[shape.B1Offset..];
        for (int i = 0; i < denseTail.Length; i++)
        {
            Assert.Equal(denseTail[i], sparse.Dense[i], 1e-4f);
        }

        network.Forward(batch, sparseWs);
        network.Forward(x, Rows, denseWs);
        for (int i = 0; i < Rows * Classes; i++)
        {
            Assert.Equal(denseWs.Output[i], sparseWs.Output[i], 1e-5f);
        }
    }

    [Fact]
    public void SparseL2AddsToW2AndToTheTouchedW1RowsOnlyWhenAsked()
    {
        var shape = new NetworkShape(6, 2, 2);
        NetworkParameters p = Random(shape, 4);
        var network = new TwoLayerNetwork(p);
        var batch = new CsrBatch([0, 1, 2], [4, 1], [1f, 2f], 2, 6);
        var ws = new BatchWorkspace(shape, 2, new GemmEngine(), needsInputBuffer: false);
        var withRows = new SparseGradients(shape);
        var withoutRows = new SparseGradients(shape);
        network.ForwardWithLoss(batch, [0, 1], [], ws);
        network.Backward(batch, [0, 1], [], 2, ws, withRows);
        network.ForwardWithLoss(batch, [0, 1], [], ws);
        network.Backward(batch, [0, 1], [], 2, ws, withoutRows);
        float[] w1Before = withRows.W1Rows.ToArray(), w2Before = withRows.W2.ToArray();

        network.AddL2Gradient(withRows, 0.5f);
        network.AddL2Gradient(withoutRows, 0.5f, includeW1Rows: false);

        int[] touched = withRows.TouchedRows.ToArray();
        for (int c = 0; c < touched.Length; c++)
        {
            for (int j = 0; j < 2; j++)
            {
                Assert.Equal(w1Before[c * 2 + j] + 0.5f * p.W1[touched[c] * 2 + j], withRows.W1Rows[c * 2 + j], 1e-6f);
                Assert.Equal(w1Before[c * 2 + j], withoutRows.W1Rows[c * 2 + j]);
            }
        }
        for (int i = 0; i < w2Before.Length; i++)
        {
            Assert.Equal(w2Before[i] + 0.5f * p.W2[i], withRows.W2[i], 1e-6f);
            Assert.Equal(w2Before[i] + 0.5f * p.W2[i], withoutRows.W2[i], 1e-6f);
        }
    }

    [Fact]
    public void TheL2PenaltyCoversTheWeightsNotTheBiasesAndIsZeroWithoutLambda()
    {
        var shape = new NetworkShape(2, 2, 1);
        var p = new NetworkParameters(shape);
        float[] values = [1, 2, 3, 4, 100, 100, 0.5f, -1.5f, 100];
        values.CopyTo(p.Values);
        var network = new TwoLayerNetwork(p);

        Assert.Equal(0.5 * 0.1f * (1 + 4 + 9 + 16 + 0.25 + 2.25), network.L2Penalty(0.1f), 1e-6);
        p.W1.Fill(3e38f); // summed in double: finite even for the largest weights
        Assert.Equal(0, network.L2Penalty(0));
    }

    [Theory]
    [InlineData(WeightInitialization.ScaledUniform)]
    [InlineData(WeightInitialization.He)]
    [InlineData(WeightInitialization.Glorot)]
    public void InitialWeightsAreTheirDistributionsDrawsInOrderAndBiasesZero(WeightInitialization kind)
    {
        var shape = new NetworkShape(4, 3, 2);
        var p = new NetworkParameters(shape);
        p.Values.AsSpan().Fill(5);
        var draws = new SeededRandom(12);

        WeightInitializer.Initialize(p, kind, new SeededRandom(12));

        float Expected(int fanIn, int fanOut) => kind switch
        {
            WeightInitialization.ScaledUniform => 0.01f * draws.NextSingle(),
            WeightInitialization.He => MathF.Sqrt(6f / fanIn) * (2f * draws.NextSingle() - 1f),
            _ => MathF.Sqrt(6f / (fanIn + fanOut)) * (2f * draws.NextSingle() - 1f),
        };
        for (int i = 0; i < shape.W1Length; i++)
        {
            Assert.Equal(Expected(4, 3), p.W1[i]);
        }
        for (int i = 0; i < shape.W2Length; i++)
        {
            Assert.Equal(Expected(3, 2), p.W2[i]);
        }
        Assert.All(p.B1.ToArray(), b => Assert.Equal(0f, b));
        Assert.All(p.B2.ToArray(), b => Assert.Equal(0f, b));
        Assert.Contains("Unknown weight initialisation", Assert.Throws<ArgumentOutOfRangeException>(() => WeightInitializer.Initialize(p, (WeightInitialization)7, draws)).Message);
    }

    [Fact]
    public void ArgumentChecksSayWhatIsWrong()
    {
        Assert.Contains("Unknown hidden activation", Assert.Throws<ArgumentOutOfRangeException>(() => Activations.BiasForward((HiddenActivation)9, new float[3], 1, 3, new float[3])).Message);
        Assert.Contains("Unknown hidden activation", Assert.Throws<ArgumentOutOfRangeException>(() => Activations.Backward((HiddenActivation)9, new float[3], new float[3])).Message);
        Assert.Contains("Unknown hidden activation", Assert.Throws<ArgumentOutOfRangeException>(() => SingleRowScorer.ScoreInDouble(Random(new NetworkShape(1, 1, 2), 1), (HiddenActivation)9, [1f], new float[2])).Message);
        Assert.Contains("Unknown output head", Assert.Throws<ArgumentOutOfRangeException>(() => OutputHeads.Create((OutputHeadKind)9, TargetScaling.Identity, 1)).Message);
        Assert.Contains("must be finite with a positive scale", Assert.Throws<ArgumentOutOfRangeException>(() => new IdentitySquaredErrorHead(new TargetScaling(0, 0))).Message);
        Assert.Contains("must be finite with a positive scale", Assert.Throws<ArgumentOutOfRangeException>(() => new IdentityHuberHead(new TargetScaling(0, 0), 1)).Message);
        Assert.Contains("Huber threshold must be a positive finite number", Assert.Throws<ArgumentOutOfRangeException>(() => new IdentityHuberHead(TargetScaling.Identity, 0)).Message);
        var copy = Assert.Throws<ArgumentException>(() => new NetworkParameters(new NetworkShape(2, 3, 2)).CopyFrom(new NetworkParameters(new NetworkShape(3, 2, 2))));
        Assert.Contains("Cannot copy parameters of shape", copy.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchWorkspace(new NetworkShape(1, 1, 1), 0, new GemmEngine(), needsInputBuffer: false));
        // hidden x classes alone is past one array (inputs and hidden alone are small).
        Assert.Contains("more than one array can hold", Assert.Throws<ArgumentOutOfRangeException>(() => new NetworkShape(1, 50_000, 50_000)).Message);
    }

    [Fact]
    public void AShuffleDrawsOnceForEachItemButTheFirst()
    {
        var random = new SeededRandom(7);
        random.Shuffle(new int[10]);

        Assert.Equal(0x26dd6ba0018e0163UL, random.NextUInt64()); // the 10th draw of seed 7 (reference transcription)
    }
}
