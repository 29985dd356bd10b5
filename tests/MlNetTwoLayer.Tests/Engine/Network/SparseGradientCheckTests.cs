using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Tests.Helpers;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Network;

/// <summary>
/// The sparse backward pass (dW1 on touched rows, db1, dW2, db2) against central differences of the
/// double-precision reference loss, on CSR batches where some features are absent.
/// </summary>
public class SparseGradientCheckTests
{
    [Theory]
    [InlineData(HiddenActivation.Relu, false, 0f)]
    [InlineData(HiddenActivation.Relu, true, 0.1f)]
    [InlineData(HiddenActivation.Tanh, true, 0.05f)]
    public void SparseGradientsMatchCentralDifferences(HiddenActivation activation, bool weighted, float l2)
    {
        int checkedTrials = 0;
        for (int trial = 0; trial < 4; trial++)
        {
            var random = new SeededRandom(300 + trial);
            int rows = 3 + trial * 3, inputs = 9 + 4 * trial, hidden = 3 + 2 * trial, classes = 2 + trial;
            var shape = new NetworkShape(inputs, hidden, classes);
            var parameters = new NetworkParameters(shape);
            for (int i = 0; i < parameters.Values.Length; i++)
            {
                parameters.Values[i] = 2f * random.NextSingle() - 1f;
            }
            (int[] starts, int[] indices, float[] values) = SparseTestData.RandomCsr(rows, inputs, maxNonZeros: 3, seed: 50 + trial);
            float[] x = SparseTestData.Densify(starts, indices, values, rows, inputs);
            int[] y = Enumerable.Range(0, rows).Select(_ => random.NextInt(classes)).ToArray();
            float[] w = weighted ? Enumerable.Range(0, rows).Select(_ => 0.5f + random.NextSingle()).ToArray() : [];
            var reference = new GradientCheckTests.ReferenceNetwork(shape, activation, x, y, w, l2);
            if (reference.NearestKink(parameters.Values.Select(v => (double)v).ToArray()) < 1e-2)
            {
                continue; // a ReLU kink within reach of the finite difference
            }
            checkedTrials++;

            var network = new TwoLayerNetwork(parameters, activation);
            var gradients = new SparseGradients(shape);
            var ws = new BatchWorkspace(shape, rows, new GemmEngine(), needsInputBuffer: false);
            var batch = new CsrBatch(starts, indices, values, rows, inputs);
            network.ForwardWithLoss(batch, y, w, ws);
            network.Backward(batch, y, w, weighted ? w.Sum() : rows, ws, gradients);
            network.AddL2Gradient(gradients, l2);

            // The full gradient our step uses: touched W1 rows from the compact rows, untouched rows 0.
            var ours = new double[shape.ParameterCount];
            int[] touched = gradients.TouchedRows.ToArray();
            for (int c = 0; c < touched.Length; c++)
            {
                for (int k = 0; k < hidden; k++)
                {
                    ours[touched[c] * hidden + k] = gradients.W1Rows[c * hidden + k];
                }
            }
            for (int i = 0; i < gradients.Dense.Length; i++)
            {
                ours[shape.B1Offset + i] = gradients.Dense[i];
            }
            Assert.True(touched.Length < inputs, "some feature must be absent from the batch, or the sparse path is not exercised");

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
                double numeric = (plus - minus) / (2 * h);
                bool untouchedW1 = i < shape.W1Length && !touched.Contains(i / hidden);
                if (untouchedW1)
                {
                    // An absent feature's loss gradient is zero; only L2's λ·W remains, which the lazy
                    // step leaves out on purpose (documented on TwoLayerTrainer.Options.L2Regularization).
                    Tolerance.Close(l2 * theta[i], numeric, 2e-3, 2e-5, $"trial {trial}: numeric gradient of absent W1 element {i}");
                    Assert.Equal(0, ours[i]);
                    continue;
                }
                Tolerance.Close(numeric, ours[i], 2e-3, 2e-5, $"{activation} trial {trial} gradient of parameter {i}");
            }
        }
        Assert.True(checkedTrials >= 2, $"only {checkedTrials} trials were away from ReLU kinks");
    }
}
