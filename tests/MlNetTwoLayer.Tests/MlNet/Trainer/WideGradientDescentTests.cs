using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetTwoLayer.Engine.Network;
using Xunit;

namespace MlNetTwoLayer.Tests.MlNet.Trainer;

/// <summary>
/// Plain gradient descent on wide, text-like sparse rows, through the public trainer: it learns with the
/// wide-input defaults (its own learning rate, and W1 rows averaged over the batch rows their feature is in).
/// </summary>
public class WideGradientDescentTests
{
    private const int Slots = 100_000;
    private const int Classes = 3;

    public sealed class WideRow
    {
        [VectorType(Slots)]
        public VBuffer<float> Features { get; set; }

        public float Label { get; set; }
    }

    /// <summary>
    /// Text-like rows: 40 L2-normalised non-zeros, 4 of them from a pool of 60 features of the row's class
    /// (each in about 1 batch row of 32, as most text n-grams are), the rest noise from all the slots.
    /// </summary>
    private static List<WideRow> Rows(int count, int seed)
    {
        var random = new SeededRandom(seed);
        var rows = new List<WideRow>();
        for (int i = 0; i < count; i++)
        {
            int label = i % Classes;
            var chosen = new SortedSet<int>();
            while (chosen.Count < 4)
            {
                chosen.Add(label * 60 + random.NextInt(60));
            }
            while (chosen.Count < 40)
            {
                chosen.Add(1000 + random.NextInt(Slots - 1000));
            }
            float value = 1f / MathF.Sqrt(chosen.Count);
            rows.Add(new WideRow
            {
                Features = new VBuffer<float>(Slots, chosen.Count, Enumerable.Repeat(value, chosen.Count).ToArray(), chosen.ToArray()),
                Label = label,
            });
        }
        return rows;
    }

    [Fact]
    public void PlainGradientDescentLearnsWideSparseRowsWithTheWideDefaults()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(Rows(600, seed: 3));
        IDataView test = ml.Data.LoadFromEnumerable(Rows(300, seed: 4));

        TwoLayerTransformer sgd = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { Seed = 1, Optimizer = OptimizerKind.GradientDescent }).Fit(train);
        double accuracy = ml.MulticlassClassification.Evaluate(sgd.Transform(test)).MicroAccuracy;
        // Chance is 1/3. Averaged over the whole batch, a class feature's row gets 1/32 of its step and
        // the model reached 0.65 here; averaged over the rows it is in, it learns.
        Assert.True(accuracy > 0.9, $"plain gradient descent reached only {accuracy:F3} on wide sparse rows");

        // The wide rate for plain gradient descent is 0.2: spelled out, the same model; the Adam rate, another.
        TwoLayerTransformer spelled = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options
        {
            Seed = 1, Optimizer = OptimizerKind.GradientDescent, LearningRate = 0.2f,
        }).Fit(train);
        Assert.Equal(sgd.Model.GetOutputWeights(), spelled.Model.GetOutputWeights());
        TwoLayerTransformer adamRate = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options
        {
            Seed = 1, Optimizer = OptimizerKind.GradientDescent, LearningRate = 0.001f,
        }).Fit(train);
        Assert.NotEqual(sgd.Model.GetOutputWeights(), adamRate.Model.GetOutputWeights());
    }

    [Fact]
    public void MomentumGetsItsOwnWideLearningRate()
    {
        var ml = new MLContext(seed: 1);
        IDataView train = ml.Data.LoadFromEnumerable(Rows(150, seed: 5));
        TwoLayerTransformer wide = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options { Seed = 1, Optimizer = OptimizerKind.ClassicalMomentum, NumberOfEpochs = 2 }).Fit(train);
        TwoLayerTransformer spelled = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options
        {
            Seed = 1, Optimizer = OptimizerKind.ClassicalMomentum, NumberOfEpochs = 2, LearningRate = 0.02f,
        }).Fit(train);
        Assert.Equal(wide.Model.GetOutputWeights(), spelled.Model.GetOutputWeights());
        TwoLayerTransformer plainRate = new TwoLayerTrainer(ml, new TwoLayerTrainer.Options
        {
            Seed = 1, Optimizer = OptimizerKind.ClassicalMomentum, NumberOfEpochs = 2, LearningRate = 0.2f,
        }).Fit(train);
        Assert.NotEqual(wide.Model.GetOutputWeights(), plainRate.Model.GetOutputWeights());
    }
}
