using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Optimizers;

namespace MlNetTwoLayer.Engine.Training;

/// <summary>
/// The step on sparse rows: dW1 for the touched W1 rows only, stepped by a lazy row optimiser
/// (<see cref="IRowOptimizer"/>); b1, W2 and b2 stay dense and are stepped by the ordinary optimiser
/// of the same kind. A step costs O(batch non-zeros x hidden + the dense tail), not inputs x hidden.
/// </summary>
internal sealed class SparseTrainingStep : ITrainingStep
{
    private readonly BatchWorkspace _ws;
    private readonly SparseGradients _gradients;
    private readonly IOptimizer _tail;
    private readonly IRowOptimizer _rows;
    private readonly float _l2;
    private readonly bool _averageOverPresentRows;
    private double[] _presentWeights = new double[256];

    /// <summary>Allocates the compact gradients and both optimisers' state for <paramref name="shape"/>.</summary>
    public SparseTrainingStep(NetworkShape shape, BatchWorkspace ws, TrainingSettings settings)
    {
        _ws = ws;
        _gradients = new SparseGradients(shape);
        // The tail is b1, W2, b2 from B1Offset on: L2 on its W2 block, folded into the fused dense step.
        var decay = new WeightDecay(settings.L2Regularization, (shape.Hidden, shape.W2Length));
        _tail = OptimizerFactory.Create(settings.Optimizer, shape.ParameterCount - shape.B1Offset, settings.Momentum, settings.Beta1, settings.Beta2, settings.Epsilon,
            decay, ws.Gemm);
        _rows = RowOptimizerFactory.Create(settings.Optimizer, shape.W1Length, settings.Momentum, settings.Beta1, settings.Beta2, settings.Epsilon);
        _l2 = settings.L2Regularization;
        // Adam divides each weight's step by its own gradient scale; the gradient-descent kinds do not (see Run).
        _averageOverPresentRows = settings.Optimizer != OptimizerKind.Adam;
    }

    /// <inheritdoc/>
    public double Run(TwoLayerNetwork network, in BatchView batch, float learningRate, out float batchWeight, Numerics.IGemmParallelJob? alongside = null)
    {
        ReadOnlySpan<float> weights = batch.W;
        batchWeight = TrainingStep.BatchWeight(batch);
        Numerics.CsrBatch x = batch.Csr;
        double loss = network.ForwardWithLoss(x, batch.Y, weights, _ws);
        network.Backward(x, batch.Y, weights, batchWeight, _ws, _gradients);
        NetworkShape s = network.Shape;
        if (_averageOverPresentRows)
        {
            // Gradient descent: a W1 row's gradient is averaged over the batch rows its feature occurs in,
            // not over the whole batch. Averaged over the batch, a feature in 1 row of 32 gets 1/32 of the
            // step a per-row update would give it, and text features are mostly such rare features: plain
            // SGD at any rate the output layer tolerates left W1 where it started (TextBenchmark: accuracy
            // 0.10 on 10 classes). A feature present in every row (dense data) keeps the batch average.
            if (_presentWeights.Length < _gradients.Slots.Count)
            {
                _presentWeights = new double[Math.Max(_gradients.Slots.Count, _presentWeights.Length * 2)];
            }
            Numerics.SparseKernels.AverageOverPresentRows(x, _gradients.Slots, weights, batchWeight, s.Hidden, _gradients.W1Rows, _presentWeights);
        }
        // L2 on the touched W1 rows is folded into the row optimiser's single pass over them.
        _rows.Step(network.Parameters.Values, s.Hidden, _gradients.Slots.TouchedArray, _gradients.TouchedRows.Length, _gradients.W1RowsArray, learningRate, _l2, _ws.Gemm);
        _tail.Step(network.Parameters.Values.AsSpan(s.B1Offset), _gradients.Dense, learningRate, alongside);
        return loss;
    }
}
