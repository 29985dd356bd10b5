using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Network;

/// <summary>
/// Every output head through the whole network: the hand-derived backward pass against central
/// differences of the loss written independently in double precision, on every parameter.
/// </summary>
public class OutputHeadGradientTests
{
    public static TheoryData<string, HiddenActivation, bool, float> Cases() => new()
    {
        { nameof(OutputHeadKind.SigmoidBinaryCrossEntropy), HiddenActivation.Tanh, false, 0f },
        { nameof(OutputHeadKind.SigmoidBinaryCrossEntropy), HiddenActivation.Relu, true, 0.1f },
        { nameof(OutputHeadKind.IdentitySquaredError), HiddenActivation.Tanh, true, 0f },
        { nameof(OutputHeadKind.IdentitySquaredError), HiddenActivation.Relu, false, 0.05f },
        { nameof(OutputHeadKind.IdentityHuber), HiddenActivation.Tanh, true, 0f },
        { nameof(OutputHeadKind.IdentityHuber), HiddenActivation.Sigmoid, false, 0.05f },
        { nameof(OutputHeadKind.SoftmaxCrossEntropy), HiddenActivation.Tanh, true, 0f },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void AnalyticGradientsMatchCentralDifferences(string headName, HiddenActivation activation, bool weighted, float l2)
    {
        // The head kind is internal, so the theory names it (xunit's data must be public).
        var kind = Enum.Parse<OutputHeadKind>(headName);
        int checkedTrials = 0;
        for (int trial = 0; trial < 4; trial++)
        {
            var random = new SeededRandom(300 + trial);
            int rows = 4 + trial * 3, inputs = 2 + trial, hidden = 3 + trial, classes = kind == OutputHeadKind.SoftmaxCrossEntropy ? 3 : 2;
            // Labels in the thousands, standardised by the head: the gradient must include the 1/scale.
            var scaling = new TargetScaling(1500 + 10 * trial, 300 + trial);
            // Delta 0.3 in standardised units puts rows on both sides of the Huber kink.
            IOutputHead head = OutputHeads.Create(kind, scaling, 0.3f);
            var shape = new NetworkShape(inputs, hidden, head.OutputCount(classes));
            var parameters = new NetworkParameters(shape);
            for (int i = 0; i < parameters.Values.Length; i++)
            {
                parameters.Values[i] = 2f * random.NextSingle() - 1f;
            }
            float[] x = Enumerable.Range(0, rows * inputs).Select(_ => 4f * random.NextSingle() - 2f).ToArray();
            int[] y = Enumerable.Range(0, rows).Select(_ => random.NextInt(classes)).ToArray();
            float[] t = Enumerable.Range(0, rows).Select(_ => (float)(scaling.Offset + scaling.Scale * (3 * random.NextSingle() - 1.5))).ToArray();
            float[] w = weighted ? Enumerable.Range(0, rows).Select(_ => 0.5f + random.NextSingle()).ToArray() : [];
            var reference = new Reference(shape, activation, kind, scaling, 0.3, x, y, t, w, l2);
            double[] theta = parameters.Values.Select(v => (double)v).ToArray();
            if (reference.NearestKink(theta) < 1e-2)
            {
                continue; // a ReLU or Huber kink within reach of the finite difference
            }

            checkedTrials++;
            var network = new TwoLayerNetwork(parameters, activation, head);
            var gradients = new NetworkParameters(shape);
            var ws = new BatchWorkspace(shape, rows, new GemmEngine(), needsInputBuffer: false);
            double lossSum = network.ForwardWithLoss(x, rows, y, t, w, ws);
            float normalizer = weighted ? w.Sum() : rows;
            Tolerance.Close(reference.Loss(theta), lossSum / normalizer + network.L2Penalty(l2), 1e-5, 1e-6, $"{kind} trial {trial} loss");
            network.Backward(x, rows, y, t, w, normalizer, ws, gradients);
            network.AddL2Gradient(gradients, l2);

            const double h = 1e-5;
            for (int i = 0; i < theta.Length; i++)
            {
                double saved = theta[i];
                theta[i] = saved + h;
                double plus = reference.Loss(theta);
                theta[i] = saved - h;
                double minus = reference.Loss(theta);
                theta[i] = saved;
                Tolerance.Close((plus - minus) / (2 * h), gradients.Values[i], 2e-3, 2e-5, $"{kind} {activation} trial {trial} gradient of parameter {i}");
            }
        }
        Assert.True(checkedTrials >= 2, $"only {checkedTrials} trials were away from kinks");
    }

    /// <summary>An independent double-precision forward pass and loss for each head, written straight from the maths.</summary>
    private sealed class Reference(NetworkShape shape, HiddenActivation activation, OutputHeadKind kind, TargetScaling scaling, double delta,
        float[] x, int[] y, float[] t, float[] w, float l2)
    {
        public double Loss(double[] theta)
        {
            double total = 0, weightSum = 0;
            for (int r = 0; r < y.Length; r++)
            {
                double[] s = Scores(theta, r, out _);
                double weight = w.Length == 0 ? 1 : w[r];
                total += weight * RowLoss(s, r);
                weightSum += weight;
            }
            return total / weightSum + ReferencePenalty.L2(theta, shape, l2);
        }

        /// <summary>The smallest distance of any ReLU input or Huber residual from its kink.</summary>
        public double NearestKink(double[] theta)
        {
            double nearest = double.MaxValue;
            for (int r = 0; r < y.Length; r++)
            {
                double[] s = Scores(theta, r, out double[] z);
                if (activation == HiddenActivation.Relu)
                {
                    nearest = Math.Min(nearest, z.Min(Math.Abs));
                }
                if (kind == OutputHeadKind.IdentityHuber)
                {
                    nearest = Math.Min(nearest, Math.Abs(Math.Abs(s[0] - Target(r)) - delta));
                }
            }
            return nearest;
        }

        private double Target(int r) => (t[r] - scaling.Offset) / scaling.Scale;

        private double RowLoss(double[] s, int r)
        {
            switch (kind)
            {
                case OutputHeadKind.SigmoidBinaryCrossEntropy:
                    double p = 1 / (1 + Math.Exp(-s[0]));
                    return y[r] == 1 ? -Math.Log(p) : -Math.Log(1 - p);
                case OutputHeadKind.IdentitySquaredError:
                    return 0.5 * Math.Pow(s[0] - Target(r), 2);
                case OutputHeadKind.IdentityHuber:
                    double a = Math.Abs(s[0] - Target(r));
                    return a <= delta ? 0.5 * a * a : delta * (a - 0.5 * delta);
                default:
                    double max = s.Max();
                    return max + Math.Log(s.Sum(v => Math.Exp(v - max))) - s[y[r]];
            }
        }

        private double[] Scores(double[] theta, int r, out double[] z)
        {
            z = new double[shape.Hidden];
            var h = new double[shape.Hidden];
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
                    HiddenActivation.Tanh => Math.Tanh(z[j]),
                    _ => 1 / (1 + Math.Exp(-z[j])),
                };
            }
            var s = new double[shape.Classes];
            for (int k = 0; k < shape.Classes; k++)
            {
                s[k] = theta[shape.B2Offset + k];
                for (int j = 0; j < shape.Hidden; j++)
                {
                    s[k] += h[j] * theta[shape.W2Offset + j * shape.Classes + k];
                }
            }
            return s;
        }
    }
}
