using Microsoft.ML;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;
using Xunit.Abstractions;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Engine.Training;

namespace MlNetTwoLayer.Tests.Engine.Training;

[Collection(MemoryCollection.Name)]
public class StreamingTrainingTests(ITestOutputHelper output)
{
    private const int Features = 16, Classes = 4;

    [Fact]
    public void StreamingTwoMillionRowsStaysInBoundedMemoryAndMatchesInMemoryAccuracy()
    {
        const long rows = 2_000_000;
        const long denseBytes = rows * Features * sizeof(float); // 128 MB if it were copied
        var ml = new MLContext(seed: 1);
        var train = new SyntheticDataView(rows, Features, Classes, seed: 1);
        var test = new SyntheticDataView(20_000, Features, Classes, seed: 2);
        TwoLayerTrainer.Options Options(TrainingDataMode mode) => new()
        {
            DataMode = mode, NumberOfEpochs = 1, BatchSize = 256, HiddenUnits = 32, LearningRate = 0.003f, Seed = 1, Patience = 0,
        };

        (TwoLayerTransformer streamed, long streamingPeak) = MeasurePeak(() => new TwoLayerTrainer(ml, Options(TrainingDataMode.Streaming)).Fit(train));
        (TwoLayerTransformer inMemory, long inMemoryPeak) = MeasurePeak(() => new TwoLayerTrainer(ml, Options(TrainingDataMode.InMemory)).Fit(train));
        double streamedAccuracy = ml.MulticlassClassification.Evaluate(streamed.Transform(test)).MicroAccuracy;
        double inMemoryAccuracy = ml.MulticlassClassification.Evaluate(inMemory.Transform(test)).MicroAccuracy;
        output.WriteLine($"peak managed growth: streaming {streamingPeak >> 20} MiB, in memory {inMemoryPeak >> 20} MiB (dense data {denseBytes >> 20} MiB); accuracy streaming {streamedAccuracy:F4}, in memory {inMemoryAccuracy:F4}");

        Assert.InRange(streamingPeak, 0, 32L << 20);
        Assert.True(inMemoryPeak >= denseBytes * 3 / 4, "the measurement must see the in-memory copy, or it proves nothing");
        Assert.InRange(streamedAccuracy, 0.9, 1.0);
        Assert.InRange(Math.Abs(streamedAccuracy - inMemoryAccuracy), 0, 0.02);
    }

    [Fact]
    public void ShuffleWindowServesEveryRowOnceAndShufflesWithinTheWindow()
    {
        var data = new DenseDataset(Enumerable.Range(0, 100).Select(i => (float)i).ToArray(), new int[100], null, 100, 1, 2);
        var shape = new NetworkShape(1, 2, 2);
        var ws = new BatchWorkspace(shape, 7, new GemmEngine(), needsInputBuffer: true);
        var source = new StreamingBatchSource(new ListStream(data), 7, window: 10, classWeights: null, ws);
        source.BeginEpoch(new SeededRandom(1));
        var seen = new List<int>();
        while (source.NextBatch(out BatchView batch))
        {
            seen.AddRange(batch.X.ToArray().Select(v => (int)v));
        }
        Assert.Equal(Enumerable.Range(0, 100), seen.Order());
        Assert.NotEqual(Enumerable.Range(0, 100), seen);
        // A row can only come out once it has entered the window: never more than 10 positions early.
        for (int i = 0; i < seen.Count; i++)
        {
            Assert.True(seen[i] <= i + 10, $"row {seen[i]} came out at position {i}");
        }
    }

    [Fact]
    public void ShuffleWindowKeepsEachRowsFeaturesAndLabelTogether()
    {
        // Three features per row (row·10 + j) and a label per row: with more than one feature a
        // slot's offset is slot·inputs, which mutation testing showed the one-feature test cannot see.
        const int rows = 60, inputs = 3;
        var features = Enumerable.Range(0, rows * inputs).Select(i => (float)(i / inputs * 10 + i % inputs)).ToArray();
        var data = new DenseDataset(features, Enumerable.Range(0, rows).Select(r => r % 2).ToArray(), null, rows, inputs, 2);
        var ws = new BatchWorkspace(new NetworkShape(inputs, 2, 2), 7, new GemmEngine(), needsInputBuffer: true);
        var source = new StreamingBatchSource(new ListStream(data), 7, window: 10, classWeights: null, ws);
        source.BeginEpoch(new SeededRandom(1));
        var seen = new List<int>();
        while (source.NextBatch(out BatchView batch))
        {
            for (int r = 0; r < batch.Rows; r++)
            {
                float[] x = batch.X.Slice(r * inputs, inputs).ToArray();
                int row = (int)x[0] / 10;
                Assert.Equal(new[] { row * 10f, row * 10f + 1, row * 10f + 2 }, x);
                Assert.Equal(row % 2, batch.Y[r]);
                seen.Add(row);
            }
        }
        Assert.Equal(Enumerable.Range(0, rows), seen.Order());
        Assert.NotEqual(Enumerable.Range(0, rows), seen);
    }

    private static (TwoLayerTransformer Model, long PeakGrowth) MeasurePeak(Func<TwoLayerTransformer> fit)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long baseline = GC.GetTotalMemory(true);
        long peak = baseline;
        using var done = new ManualResetEventSlim();
        var sampler = new Thread(() =>
        {
            while (!done.Wait(2))
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
            }
        });
        sampler.Start();
        TwoLayerTransformer model = fit();
        peak = Math.Max(peak, GC.GetTotalMemory(false));
        done.Set();
        sampler.Join();
        return (model, peak - baseline);
    }

    private sealed class ListStream(DenseDataset data) : IRowStream
    {
        private int _next;

        public int Inputs => data.Inputs;

        public bool Weighted => false;

        public void Restart() => _next = 0;

        public bool Next(Span<float> features, out int label, out float weight)
        {
            weight = 1;
            label = 0;
            if (_next >= data.Rows)
            {
                return false;
            }
            data.Features.AsSpan(_next * data.Inputs, data.Inputs).CopyTo(features);
            label = data.Labels[_next++];
            return true;
        }

        public void Dispose()
        {
        }
    }
}
