using MlNetTwoLayer.Tests.Helpers;
using Xunit;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Engine.Optimizers;

namespace MlNetTwoLayer.Tests.Engine.Network;

public class SeedParityTests
{
    [Fact]
    public void FullBatchGradientDescentReproducesTheSeedTrajectory()
    {
        SeedFixture f = SeedFixture.Load();
        int n = f.X.Length, inputs = f.X[0].Length, classes = f.FinalProba[0].Length;
        var shape = new NetworkShape(inputs, f.Hidden, classes);
        var parameters = new NetworkParameters(shape);
        for (int i = 0; i < inputs; i++)
        {
            for (int j = 0; j < f.Hidden; j++)
            {
                parameters.W1[i * f.Hidden + j] = (float)f.W1[i][j];
                parameters.B1[j] = (float)f.B1[j];
            }
        }
        for (int j = 0; j < f.Hidden; j++)
        {
            for (int k = 0; k < classes; k++)
            {
                parameters.W2[j * classes + k] = (float)f.W2[j][k];
                parameters.B2[k] = (float)f.B2[k];
            }
        }
        float[] x = f.X.SelectMany(r => r.Select(v => (float)v)).ToArray();
        var network = new TwoLayerNetwork(parameters);
        var gradients = new NetworkParameters(shape);
        var ws = new BatchWorkspace(shape, n, new GemmEngine(), needsInputBuffer: false);
        var sgd = new GradientDescentOptimizer(shape.ParameterCount);

        var losses = new List<double>();
        for (int i = 0; i < f.Epochs; i++)
        {
            // The notebook's loop: backward, update, then print loss(x, y) every 1000 iterations.
            network.ForwardWithLoss(x, n, f.Y, default, ws);
            network.Backward(x, n, f.Y, default, n, ws, gradients);
            sgd.Step(parameters.Values, gradients.Values, (float)f.LearningRate);
            if (i % 1000 == 0)
            {
                losses.Add(network.ForwardWithLoss(x, n, f.Y, default, ws) / n);
            }
        }

        for (int i = 0; i < f.LossEvery1000.Length; i++)
        {
            Tolerance.Close(f.LossEvery1000[i], losses[i], 0, 1e-4, $"loss at iteration {i * 1000}");
        }
        Tolerance.Close(f.FinalLoss, network.ForwardWithLoss(x, n, f.Y, default, ws) / n, 0, 1e-4, "final loss");
        network.Forward(x, n, ws);
        for (int r = 0; r < n; r++)
        {
            for (int k = 0; k < classes; k++)
            {
                Tolerance.Close(f.FinalProba[r][k], ws.Output[r * classes + k], 0, 1e-4, $"probability [{r},{k}]");
            }
        }
    }
}
