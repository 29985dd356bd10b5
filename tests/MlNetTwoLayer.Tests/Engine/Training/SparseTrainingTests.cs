using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Engine.Training;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Training;

/// <summary>The sparse training path against the dense one, across optimisers, threads and data modes.</summary>
public class SparseTrainingTests
{
    private static TrainingSettings Settings(OptimizerKind optimizer, int threads = 1, float l2 = 1e-3f, bool shuffle = true) => new()
    {
        HiddenUnits = 7,
        LearningRate = optimizer == OptimizerKind.Adam ? 0.01f : 0.05f,
        Epochs = 4,
        BatchSize = 9,
        Shuffle = shuffle,
        Seed = 5,
        Optimizer = optimizer,
        L2Regularization = l2,
        ValidationFraction = 0.2,
        ClassWeighting = ClassWeighting.Balanced,
        Threads = threads,
        // Sparse rows are never standardised (centring would fill them in): the dense twin must not be either.
        StandardizeInputs = false,
    };

    private static DenseDataset Blobs(int rows, int inputs, int classes, int seed)
    {
        var random = new SeededRandom(seed);
        var x = new float[rows * inputs];
        var y = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            y[r] = random.NextInt(classes);
            for (int j = 0; j < inputs; j++)
            {
                x[r * inputs + j] = (j % classes == y[r] ? 1f : 0f) + random.NextSingle() - 0.5f;
            }
        }
        return new DenseDataset(x, y, null, rows, inputs, classes);
    }

    /// <summary>
    /// With every feature in every row, the lazy updates touch every W1 row in every step, so the
    /// sparse path computes the dense path's model. Not bit for bit: the dense x·W1 and xᵀ·dh go
    /// through the blocked GEMM, which sums the same products in another order (and the dense
    /// optimiser may fuse its arithmetic differently), so float32 rounding differs by a few ulps per
    /// step. After 4 epochs the weights agree within 1e-4 relative + 1e-5 absolute.
    /// </summary>
    [Theory]
    [InlineData(OptimizerKind.GradientDescent)]
    [InlineData(OptimizerKind.ClassicalMomentum)]
    [InlineData(OptimizerKind.Nesterov)]
    [InlineData(OptimizerKind.Adam)]
    public void SparseAndDenseRowsWithEveryFeaturePresentTrainTheSameModel(OptimizerKind optimizer)
    {
        DenseDataset dense = Blobs(120, 11, 3, seed: 1);
        SparseDataset sparse = SparseTestData.AllPresent(dense);
        TrainingOutcome a = new NetworkTrainer(Settings(optimizer)).Train(dense, null, null);
        TrainingOutcome b = new NetworkTrainer(Settings(optimizer)).Train(sparse, null, null);

        Tolerance.AllClose(a.Parameters.Values, b.Parameters.Values, 1e-4, 1e-5, $"{optimizer} parameter");
        Tolerance.Close(a.History.TrainingLoss[^1], b.History.TrainingLoss[^1], 1e-5, 1e-6, "final training loss");
        Tolerance.Close(a.History.ValidationLoss[^1], b.History.ValidationLoss[^1], 1e-5, 1e-6, "final validation loss");
        Assert.NotEqual(a.History.TrainingLoss[0], a.History.TrainingLoss[^1]);
    }

    [Fact]
    public void SparseTrainingGivesTheSameBitsWhateverTheThreadCount()
    {
        SparseDataset data = RandomSparse(200, 500, 12, 4, seed: 2);
        long saved = ParallelRanges.MinimumWork;
        TrainingOutcome one, two, three;
        try
        {
            // Fork for every product, however small, so the split really happens.
            ParallelRanges.MinimumWork = 1;
            one = new NetworkTrainer(Settings(OptimizerKind.Adam, threads: 1)).Train(data, null, null);
            two = new NetworkTrainer(Settings(OptimizerKind.Adam, threads: 2)).Train(data, null, null);
            three = new NetworkTrainer(Settings(OptimizerKind.Adam, threads: 3)).Train(data, null, null);
        }
        finally
        {
            ParallelRanges.MinimumWork = saved;
        }
        Assert.Equal(one.Parameters.Values, two.Parameters.Values);
        Assert.Equal(one.Parameters.Values, three.Parameters.Values);
    }

    [Fact]
    public void UntouchedRowsOfW1NeverChange()
    {
        // Features 400..499 never occur: with lazy updates (and lazy L2) their W1 rows keep their initial values.
        SparseDataset data = RandomSparse(100, 400, 10, 3, seed: 3);
        var wide = new SparseDataset(data.RowStarts, data.Indices, data.Values, data.Labels, null, data.Rows, 500, 3);
        var settings = Settings(OptimizerKind.Adam) with { Epochs = 1 };
        TrainingOutcome trained = new NetworkTrainer(settings).Train(wide, null, null);
        TrainingOutcome untrained = new NetworkTrainer(settings with { LearningRate = 1e-30f }).Train(wide, null, null);
        int hidden = settings.HiddenUnits;
        Assert.Equal(untrained.Parameters.W1.Slice(400 * hidden).ToArray(), trained.Parameters.W1.Slice(400 * hidden).ToArray());
        Assert.NotEqual(untrained.Parameters.W1.Slice(0, 400 * hidden).ToArray(), trained.Parameters.W1.Slice(0, 400 * hidden).ToArray());
    }

    [Fact]
    public void SparseStreamingTrainsTheInMemorySparseModel()
    {
        SparseDataset data = RandomSparse(150, 300, 10, 3, seed: 4);
        TrainingSettings settings = Settings(OptimizerKind.Adam, shuffle: false) with { ValidationFraction = 0, ClassWeighting = ClassWeighting.None };
        TrainingOutcome inMemory = new NetworkTrainer(settings).Train(data, null, null);
        using var stream = new SparseListStream(data);
        TrainingOutcome streamed = new NetworkTrainer(settings with { StreamingShuffleWindow = 1 }).TrainStreaming(stream, data.Rows, DatasetOperations.ClassCounts(data), null, null, sparse: true);
        Assert.Equal(inMemory.Parameters.Values, streamed.Parameters.Values);

        // Shuffled through a window, the rows still all arrive and it learns.
        using var again = new SparseListStream(data);
        TrainingOutcome shuffled = new NetworkTrainer(settings with { Shuffle = true, Epochs = 20, StreamingShuffleWindow = 40 }).TrainStreaming(again, data.Rows, DatasetOperations.ClassCounts(data), null, null, sparse: true);
        Assert.True(shuffled.History.TrainingLoss[^1] < shuffled.History.TrainingLoss[0] * 0.8, "streamed sparse training must learn");
    }

    [Fact]
    public void DatasetBuilderChoosesTheLayoutFromDensity()
    {
        var row = new SparseRow();
        var sparse = new DatasetBuilder(1000, weighted: false, expectedRows: 600);
        var dense = new DatasetBuilder(4, weighted: true, expectedRows: 600);
        for (int r = 0; r < 600; r++)
        {
            row.Reset(4);
            row.Append(r % 1000, 1f);
            row.Append((r * 7 + 3) % 1000, 2f);
            sparse.Add(row, r % 2, 1f);
            row.Reset(4);
            for (int j = 0; j < 4; j++)
            {
                if ((r + j) % 4 != 0)
                {
                    row.Append(j, j + 1f);
                }
            }
            dense.Add(row, r % 2, 0.5f);
        }
        var s = Assert.IsType<SparseDataset>(sparse.ToDataset(2));
        var d = Assert.IsType<DenseDataset>(dense.ToDataset(2));
        Assert.Equal(600, s.Rows);
        Assert.Equal(1200, s.StoredValues);
        Assert.Equal(600, d.Rows);
        // Rows read before the decision (the first 512) and after it land alike.
        Assert.Equal(new[] { 0f, 2f, 3f, 4f }, d.Features.AsSpan(0, 4).ToArray());
        Assert.Equal(new[] { 1f, 0f, 3f, 4f }, d.Features.AsSpan(599 * 4, 4).ToArray());
        Assert.Equal(0.5f, d.Weights![599]);
    }

    [Fact]
    public void AContiguousSparseValidationSetGivenApartIsEvaluatedLikeTheSameRowsPicked()
    {
        // A hold-out of the split is picked rows (gathered); a sparse validation set given apart is evaluated
        // straight from its own CSR arrays, in batches of up to 1024 rows: two here, the second starting
        // at row 1024's absolute offsets. Both must see the same rows, bit for bit, and the dense copy's loss.
        SparseDataset train = RandomSparse(150, 300, 10, 3, seed: 6);
        SparseDataset validation = RandomSparse(1030, 300, 10, 3, seed: 7);
        var picked = (SparseDataset)validation.Select(Enumerable.Range(0, validation.Rows).ToArray());
        var dense = new DenseDataset(SparseTestData.Densify(validation.RowStarts, validation.Indices, validation.Values, validation.Rows, validation.Inputs),
            validation.Labels, null, validation.Rows, validation.Inputs, validation.Classes);
        Assert.True(validation.IsContiguous);
        Assert.False(picked.IsContiguous);
        TrainingSettings settings = Settings(OptimizerKind.Adam) with { ValidationFraction = 0, Epochs = 3, Patience = 0 };

        TrainingOutcome contiguous = new NetworkTrainer(settings).Train(train, validation, null);
        TrainingOutcome gathered = new NetworkTrainer(settings).Train(train, picked, null);
        TrainingOutcome densely = new NetworkTrainer(settings).Train(train, dense, null);

        Assert.Equal(3, contiguous.History.ValidationLoss.Count);
        Assert.Equal(gathered.History.ValidationLoss, contiguous.History.ValidationLoss);
        Assert.Equal(gathered.History.ValidationAccuracy, contiguous.History.ValidationAccuracy);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            Tolerance.Close(densely.History.ValidationLoss[epoch], contiguous.History.ValidationLoss[epoch], 1e-5, 1e-6, $"epoch {epoch + 1} validation loss");
            Tolerance.Close(densely.History.ValidationAccuracy[epoch], contiguous.History.ValidationAccuracy[epoch], 0, 2.0 / validation.Rows, $"epoch {epoch + 1} validation accuracy");
        }
        Assert.NotEqual(contiguous.History.ValidationLoss[0], contiguous.History.ValidationLoss[^1]);
    }

    internal static SparseDataset RandomSparse(int rows, int inputs, int maxNonZeros, int classes, int seed)
    {
        (int[] starts, int[] indices, float[] values) = SparseTestData.RandomCsr(rows, inputs, maxNonZeros, seed);
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            // A learnable rule: the class of a row follows its first feature.
            labels[r] = starts[r + 1] > starts[r] ? indices[starts[r]] % classes : 0;
        }
        return new SparseDataset(starts, indices, values, labels, null, rows, inputs, classes);
    }

    private sealed class SparseListStream(SparseDataset data) : ISparseRowStream
    {
        private int _next;

        public int Inputs => data.Inputs;

        public bool Weighted => false;

        public void Restart() => _next = 0;

        public bool Next(Span<float> features, out int label, out float weight) => throw new NotSupportedException("the sparse path must not ask for dense rows");

        public bool Next(Span<float> features, out int label, out float target, out float weight) => throw new NotSupportedException("the sparse path must not ask for dense rows");

        public bool NextSparse(SparseRow row, out int label, out float target, out float weight)
        {
            weight = 1;
            target = 0;
            label = 0;
            if (_next >= data.Rows)
            {
                return false;
            }
            int from = data.RowStarts[_next], to = data.RowStarts[_next + 1];
            row.Reset(to - from);
            for (int k = from; k < to; k++)
            {
                row.Append(data.Indices[k], data.Values[k]);
            }
            label = data.Labels[_next++];
            return true;
        }

        public void Dispose()
        {
        }
    }
}
