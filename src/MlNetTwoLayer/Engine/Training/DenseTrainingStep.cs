using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Optimizers;

namespace MlNetTwoLayer.Engine.Training;

/// <summary>The seed's step on dense rows: full gradients, L2 on W1 and W2, one optimiser over every parameter.</summary>
internal sealed class DenseTrainingStep : ITrainingStep
{
    private readonly BatchWorkspace _ws;
    private readonly NetworkParameters _gradients;
    private readonly IOptimizer _optimizer;
    private readonly float _l2;

    /// <summary>Allocates gradients and optimiser state for <paramref name="shape"/>.</summary>
    public DenseTrainingStep(NetworkShape shape, BatchWorkspace ws, TrainingSettings settings)
    {
        _ws = ws;
        _gradients = new NetworkParameters(shape);
        _optimizer = OptimizerFactory.Create(settings.Optimizer, shape.ParameterCount, settings.Momentum, settings.Beta1, settings.Beta2, settings.Epsilon);
        _l2 = settings.L2Regularization;
    }

    /// <inheritdoc/>
    public double Run(TwoLayerNetwork network, in BatchView batch, float learningRate, out float batchWeight)
    {
        ReadOnlySpan<float> weights = batch.W;
        batchWeight = TrainingStep.BatchWeight(batch);
        double loss = network.ForwardWithLoss(batch.X, batch.Rows, batch.Y, batch.T, weights, _ws);
        network.Backward(batch.X, batch.Rows, batch.Y, batch.T, weights, batchWeight, _ws, _gradients);
        network.AddL2Gradient(_gradients, _l2);
        _optimizer.Step(network.Parameters.Values, _gradients.Values, learningRate);
        return loss;
    }
}
