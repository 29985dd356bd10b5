using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Engine.Training;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Training;

/// <summary>
/// The streaming batch source's contract with its stream and its batches: each epoch reads the
/// stream once to its end and never past it, and batches carry row weights exactly when rows are
/// weighted (by the stream or by class weights).
/// </summary>
public class StreamingBatchSourceTests
{
    private const int Rows = 25, Inputs = 2;

    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(40)] // a window larger than the data
    public void EachEpochReadsTheStreamOnceAndStopsAtItsEnd(int window)
    {
        using var gemm = new GemmEngine();
        var stream = new CountingStream(weighted: false);
        var ws = new BatchWorkspace(new NetworkShape(Inputs, 2, 3), 4, gemm, needsInputBuffer: true);
        var source = new StreamingBatchSource(stream, 4, window, classWeights: null, ws);
        for (int epoch = 1; epoch <= 2; epoch++)
        {
            source.BeginEpoch(new SeededRandom(epoch));
            int rows = 0;
            while (source.NextBatch(out BatchView batch))
            {
                Assert.True(batch.W.IsEmpty, "unweighted rows must come without a weight vector");
                rows += batch.Rows;
            }
            Assert.Equal(Rows, rows);
            // Every row once, and the one call that found the end; a drained window asks no more.
            Assert.Equal(Rows + 1, stream.Calls);
            Assert.False(source.NextBatch(out _));
            Assert.Equal(Rows + 1, stream.Calls);
        }
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void BatchesCarryRowWeightsWhenTheStreamOrTheClassesAreWeighted(bool streamWeighted, bool classWeighted)
    {
        using var gemm = new GemmEngine();
        float[]? classWeights = classWeighted ? [0.5f, 2f, 3f] : null;
        var ws = new BatchWorkspace(new NetworkShape(Inputs, 2, 3), 5, gemm, needsInputBuffer: true);
        var source = new StreamingBatchSource(new CountingStream(streamWeighted), 5, 8, classWeights, ws);
        source.BeginEpoch(new SeededRandom(3));
        int rows = 0;
        while (source.NextBatch(out BatchView batch))
        {
            Assert.Equal(batch.Rows, batch.W.Length);
            for (int r = 0; r < batch.Rows; r++)
            {
                int row = (int)batch.X[r * Inputs];
                Assert.Equal(CountingStream.Label(row), batch.Y[r]);
                float expected = (streamWeighted ? CountingStream.Weight(row) : 1) * (classWeights?[batch.Y[r]] ?? 1);
                Assert.Equal(expected, batch.W[r]);
            }
            rows += batch.Rows;
        }
        Assert.Equal(Rows, rows);
    }

    /// <summary>Rows r = 0…24 with features (r, −r), label r mod 3 and weight 1 + r/10 when weighted; counts calls and refuses reads past the end.</summary>
    private sealed class CountingStream(bool weighted) : IRowStream
    {
        private int _next;
        private bool _ended;

        public static int Label(int row) => row % 3;

        public static float Weight(int row) => 1 + row / 10f;

        public int Calls { get; private set; }

        public int Inputs => StreamingBatchSourceTests.Inputs;

        public bool Weighted => weighted;

        public void Restart()
        {
            _next = 0;
            _ended = false;
            Calls = 0;
        }

        public bool Next(Span<float> features, out int label, out float weight)
        {
            Assert.False(_ended, "the stream was read again after it said it had ended");
            Calls++;
            label = 0;
            weight = 1;
            if (_next == Rows)
            {
                _ended = true;
                return false;
            }
            features[0] = _next;
            features[1] = -_next;
            label = Label(_next);
            weight = weighted ? Weight(_next) : 1;
            _next++;
            return true;
        }

        public void Dispose()
        {
        }
    }
}
