using MlNetTwoLayer.Tests.Helpers;
using Xunit;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Tests.Engine.Network;

/// <summary>
/// The hand-derived backward pass against central differences of the loss computed in double
/// precision by an independent reference, on every parameter of small random networks.
/// </summary>
public class GradientCheckTests
{
    public static TheoryData<HiddenActivation, bool, float> Cases() => new()
    {
        { HiddenActivation.Relu, false, 0f },
        { HiddenActivation.Relu, true, 0.1f },
        { HiddenActivation.LeakyRelu, true, 0f },
        { HiddenActivation.Tanh, false, 0.05f },
        { HiddenActivation.Sigmoid, true, 0f },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void AnalyticGradientsMatchCentralDifferences(HiddenActivation activation, bool weighted, float l2)
    {
        int checkedTrials = 0;
        for (int trial = 0; trial < 4; trial++)
        {
            var random = new SeededRandom(100 + trial);
            int rows = 3 + trial * 4, inputs = 2 + trial, hidden = 3 + 2 * trial, classes = 2 + trial;
            var shape = new NetworkShape(inputs, hidden, classes);
            var parameters = new NetworkParameters(shape);
            for (int i = 0; i < parameters.Values.Length; i++)
            {
                parameters.Values[i] = 2f * random.NextSingle() - 1f;
            }
            float[] x = Enumerable.Range(0, rows * inputs).Select(_ => 4f * random.NextSingle() - 2f).ToArray();
            int[] y = Enumerable.Range(0, rows).Select(_ => random.NextInt(classes)).ToArray();
            float[] w = weighted ? Enumerable.Range(0, rows).Select(_ => 0.5f + random.NextSingle()).ToArray() : [];
            var reference = new ReferenceNetwork(shape, activation, x, y, w, l2);
            if (reference.NearestKink(parameters.Values.Select(v => (double)v).ToArray()) < 1e-2)
            {
                continue; // a ReLU kink within reach of the finite difference: the derivative is not defined there
            }

            checkedTrials++;
            var network = new TwoLayerNetwork(parameters, activation);
            var gradients = new NetworkParameters(shape);
            var ws = new BatchWorkspace(shape, rows, new GemmEngine(), needsInputBuffer: false);
            network.ForwardWithLoss(x, rows, y, w, ws);
            float normalizer = weighted ? w.Sum() : rows;
            network.Backward(x, rows, y, w, normalizer, ws, gradients);
            network.AddL2Gradient(gradients, l2);

            double[] theta = parameters.Values.Select(v => (double)v).ToArray();
            const double h = 1e-5;
            for (int i = 0; i < theta.Length; i++)
            {
                double saved = theta[i];
                theta[i] = saved + h;
                double plus = reference.Loss(theta);
                theta[i] = saved - h;
                double minus = reference.Loss(theta);
                theta[i] = saved;
                Tolerance.Close((plus - minus) / (2 * h), gradients.Values[i], 2e-3, 2e-5, $"{activation} trial {trial} gradient of parameter {i}");
            }
        }
        Assert.True(checkedTrials >= 2, $"only {checkedTrials} trials were away from ReLU kinks");
    }

    [Fact]
    public void ReferenceLossMatchesTheNetworkLoss()
    {
        var shape = new NetworkShape(3, 4, 3);
        var parameters = new NetworkParameters(shape);
        var random = new SeededRandom(7);
        for (int i = 0; i < parameters.Values.Length; i++)
        {
            parameters.Values[i] = random.NextSingle() - 0.5f;
        }
        float[] x = Enumerable.Range(0, 15).Select(_ => random.NextSingle()).ToArray();
        int[] y = [0, 1, 2, 1, 0];
        var network = new TwoLayerNetwork(parameters);
        var ws = new BatchWorkspace(shape, 5, new GemmEngine(), needsInputBuffer: false);
        double ours = network.ForwardWithLoss(x, 5, y, default, ws) / 5;
        double reference = new ReferenceNetwork(shape, HiddenActivation.Relu, x, y, [], 0).Loss(parameters.Values.Select(v => (double)v).ToArray());
        Tolerance.Close(reference, ours, 1e-6, 1e-7, "loss");
    }

    /// <summary>An independent double-precision forward pass and loss, written straight from the maths.</summary>
    internal sealed class ReferenceNetwork(NetworkShape shape, HiddenActivation activation, float[] x, int[] y, float[] w, float l2)
    {
        public double Loss(double[] theta)
        {
            int rows = y.Length;
            double total = 0, weightSum = 0;
            for (int r = 0; r < rows; r++)
            {
                double[] h = Hidden(theta, r, out _);
                double[] s = new double[shape.Classes];
                for (int k = 0; k < shape.Classes; k++)
                {
                    s[k] = theta[shape.B2Offset + k];
                    for (int j = 0; j < shape.Hidden; j++)
                    {
                        s[k] += h[j] * theta[shape.W2Offset + j * shape.Classes + k];
                    }
                }
                double max = s.Max();
                double lse = max + Math.Log(s.Sum(v => Math.Exp(v - max)));
                double weight = w.Length == 0 ? 1 : w[r];
                total += weight * (lse - s[y[r]]);
                weightSum += weight;
            }
            return total / weightSum + ReferencePenalty.L2(theta, shape, l2);
        }

        /// <summary>The smallest |z| over all hidden pre-activations (distance to a ReLU kink).</summary>
        public double NearestKink(double[] theta)
        {
            double nearest = double.MaxValue;
            for (int r = 0; r < y.Length; r++)
            {
                Hidden(theta, r, out double[] z);
                nearest = Math.Min(nearest, z.Min(Math.Abs));
            }
            return nearest;
        }

        private double[] Hidden(double[] theta, int r, out double[] z)
        {
            z = new double[shape.Hidden];
            double[] h = new double[shape.Hidden];
            for (int j = 0; j < shape.Hidden; j++)
            {
                z[j] = theta[shape.B1Offset + j];
                for (int i = 0; i < shape.Inputs; i++)
                {
                    z[j] += x[r * shape.Inputs + i] * theta[i * shape.Hidden + j];
                }
                h[j] = activation switch
                {
                    HiddenActivation.Relu => Math.Max(0, z[j]),
                    HiddenActivation.LeakyRelu => z[j] > 0 ? z[j] : 0.01 * z[j],
                    HiddenActivation.Tanh => Math.Tanh(z[j]),
                    _ => 1 / (1 + Math.Exp(-z[j])),
                };
            }
            return h;
        }
    }
}
