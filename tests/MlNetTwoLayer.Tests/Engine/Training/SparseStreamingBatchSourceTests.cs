using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Engine.Training;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Training;

/// <summary>
/// The sparse batch sources: the streaming one, through a window smaller than the data, serves
/// every row exactly once per epoch with its own non-zeros, label and class weight, refilling the
/// window from the stream until it ends, then draining it; the in-memory one serves rows picked by
/// the hold-out split in order when not shuffling.
/// </summary>
public class SparseStreamingBatchSourceTests
{
    private const int Rows = 25, Inputs = 1000;

    [Theory]
    [InlineData(1, 1)]
    [InlineData(10, 1)]
    [InlineData(40, 1)] // a window larger than the data
    [InlineData(10, 1000)] // rows of up to 3000 non-zeros: batches outgrow the 1024 reserved, a single row outgrows twice that
    public void EachEpochServesEveryRowOnceWithItsNonZeros(int window, int width)
    {
        using var gemm = new GemmEngine();
        var stream = new RowIdStream(width);
        var ws = new BatchWorkspace(new NetworkShape(Inputs, 2, 3), 4, gemm, needsInputBuffer: false);
        var source = new SparseStreamingBatchSource(stream, 4, window, classWeights: null, ws);
        for (int epoch = 1; epoch <= 2; epoch++)
        {
            source.BeginEpoch(new SeededRandom(epoch));
            var seen = new List<int>();
            // Bounded, so a source that never reaches the stream's end fails rather than hangs.
            for (int batches = 0; batches <= Rows && source.NextBatch(out BatchView batch); batches++)
            {
                Assert.True(batch.IsSparse);
                Assert.True(batch.W.IsEmpty, "unweighted rows must come without a weight vector");
                for (int r = 0; r < batch.Rows; r++)
                {
                    int from = batch.RowStarts![batch.RowStartOffset + r], to = batch.RowStarts[batch.RowStartOffset + r + 1];
                    int row = batch.Indices![from];
                    Assert.Equal(stream.NonZeros(row), to - from);
                    for (int k = from; k < to; k++)
                    {
                        Assert.Equal((row + k - from) % Inputs, batch.Indices[k]);
                        Assert.Equal(row + 1, batch.Values![k]);
                    }
                    Assert.Equal(row % 3, batch.Y[r]);
                    seen.Add(row);
                }
            }
            Assert.Equal(Enumerable.Range(0, Rows), seen.Order());
            if (window > 1)
            {
                Assert.NotEqual(Enumerable.Range(0, Rows), seen); // the window shuffles
            }
            Assert.Equal(Rows + 1, stream.Calls); // every row once, and the one call that found the end
            Assert.False(source.NextBatch(out _));
        }
    }

    [Fact]
    public void InMemoryRowsPickedByTheHoldOutAreServedInOrderWithoutShuffling()
    {
        using var gemm = new GemmEngine();
        var builder = new SparseRowsBuilder(Inputs, weighted: false, expectedRows: null);
        var stream = new RowIdStream(1);
        var row = new SparseRow();
        for (int r = 0; r < Rows; r++)
        {
            stream.NextSparse(row, out int label, out _, out _);
            builder.Add(row.IndexSpan, row.ValueSpan, label, 1f);
        }
        int[] picked = [7, 3, 20, 11, 0, 24];
        var rows = (SparseDataset)builder.ToDataset(3).Select(picked);
        var ws = new BatchWorkspace(new NetworkShape(Inputs, 2, 3), 4, gemm, needsInputBuffer: false);
        var source = new SparseBatchSource(rows, 4, shuffle: false, ws);

        source.BeginEpoch(new SeededRandom(1));
        var seen = new List<int>();
        while (seen.Count <= picked.Length && source.NextBatch(out BatchView batch))
        {
            for (int r = 0; r < batch.Rows; r++)
            {
                seen.Add(batch.Indices![batch.RowStarts![batch.RowStartOffset + r]]);
            }
        }

        Assert.Equal(picked, seen);
    }

    [Fact]
    public void ClassWeightsComeWithEveryBatch()
    {
        using var gemm = new GemmEngine();
        float[] classWeights = [0.5f, 2f, 3f];
        var ws = new BatchWorkspace(new NetworkShape(Inputs, 2, 3), 4, gemm, needsInputBuffer: false);
        var source = new SparseStreamingBatchSource(new RowIdStream(1), 4, 6, classWeights, ws);
        source.BeginEpoch(new SeededRandom(5));
        int rows = 0;
        while (rows <= Rows && source.NextBatch(out BatchView batch))
        {
            Assert.Equal(batch.Rows, batch.W.Length);
            for (int r = 0; r < batch.Rows; r++)
            {
                Assert.Equal(classWeights[batch.Y[r]], batch.W[r]);
            }
            rows += batch.Rows;
        }
        Assert.Equal(Rows, rows);
    }

    /// <summary>Row r = 0…24: (1 + r mod 3)·width non-zeros at columns r, r+1, … (mod 1000), each of value r + 1; label r mod 3.</summary>
    private sealed class RowIdStream(int width) : ISparseRowStream
    {
        private int _next;
        private bool _ended;

        public int NonZeros(int row) => (1 + row % 3) * width;

        public int Calls { get; private set; }

        public int Inputs => SparseStreamingBatchSourceTests.Inputs;

        public bool Weighted => false;

        public void Restart()
        {
            _next = 0;
            _ended = false;
            Calls = 0;
        }

        public bool NextSparse(SparseRow row, out int label, out float target, out float weight)
        {
            Assert.False(_ended, "the stream was read again after it said it had ended");
            Calls++;
            (label, target, weight) = (0, 0, 1);
            if (_next == Rows)
            {
                _ended = true;
                return false;
            }
            row.Reset(NonZeros(_next));
            for (int k = 0; k < NonZeros(_next); k++)
            {
                row.Append((_next + k) % Inputs, _next + 1);
            }
            label = _next % 3;
            _next++;
            return true;
        }

        public bool Next(Span<float> features, out int label, out float weight) => throw new NotSupportedException("the sparse source reads rows sparse");

        public void Dispose()
        {
        }
    }
}
