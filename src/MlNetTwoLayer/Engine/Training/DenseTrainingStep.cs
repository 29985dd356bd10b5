using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Optimizers;

namespace MlNetTwoLayer.Engine.Training;

/// <summary>The seed's step on dense rows: full gradients, one fused optimiser (L2 on W1 and W2 folded in) over every parameter.</summary>
internal sealed class DenseTrainingStep : ITrainingStep
{
    private readonly BatchWorkspace _ws;
    private readonly NetworkParameters _gradients;
    private readonly IOptimizer _optimizer;

    /// <summary>Allocates gradients and optimiser state for <paramref name="shape"/>.</summary>
    public DenseTrainingStep(NetworkShape shape, BatchWorkspace ws, TrainingSettings settings)
    {
        _ws = ws;
        _gradients = new NetworkParameters(shape);
        // L2 on W1 and W2 (not the biases), folded into the optimiser's one pass over the weights.
        var decay = new WeightDecay(settings.L2Regularization, (0, shape.W1Length), (shape.W2Offset, shape.W2Length));
        _optimizer = OptimizerFactory.Create(settings.Optimizer, shape.ParameterCount, settings.Momentum, settings.Beta1, settings.Beta2, settings.Epsilon,
            decay, ws.Gemm);
    }

    /// <inheritdoc/>
    public double Run(TwoLayerNetwork network, in BatchView batch, float learningRate, out float batchWeight, IGemmParallelJob? alongside = null)
    {
        ReadOnlySpan<float> weights = batch.W;
        batchWeight = TrainingStep.BatchWeight(batch);
        double loss = network.ForwardWithLoss(batch.X, batch.Rows, batch.Y, batch.T, weights, _ws);
        network.Backward(batch.X, batch.Rows, batch.Y, batch.T, weights, batchWeight, _ws, _gradients);
        // The optimiser reads only the parameters and gradients: the next batch may be gathered over this one now.
        _optimizer.Step(network.Parameters.Values, _gradients.Values, learningRate, alongside);
        return loss;
    }
}
