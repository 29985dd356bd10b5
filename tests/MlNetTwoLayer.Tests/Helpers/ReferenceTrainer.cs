namespace MlNetTwoLayer.Tests.Helpers;

/// <summary>
/// An independent, naive, double-precision re-implementation of what the public options promise:
/// the seed's forward/backward written out as loops, sequential mini-batches (what <c>Shuffle = false</c>
/// means), every update rule from its formula, L2 on weights, class and example weights, the
/// hidden activations and the learning-rate schedules. It shares no code with the library, so a
/// trainer that ignores an option drifts away from it. Training starts from given weights (as
/// <c>Fit(train, initialModel)</c> does), so no random draw has to be reproduced.
/// </summary>
public static class ReferenceTrainer
{
    /// <summary>W1 (inputs x hidden, row-major), b1, W2 (hidden x classes), b2.</summary>
    public sealed class Weights(double[] w1, double[] b1, double[] w2, double[] b2)
    {
        public double[] W1 { get; } = w1;
        public double[] B1 { get; } = b1;
        public double[] W2 { get; } = w2;
        public double[] B2 { get; } = b2;

        public Weights Clone() => new((double[])W1.Clone(), (double[])B1.Clone(), (double[])W2.Clone(), (double[])B2.Clone());

        public double[] Flat() => [.. W1, .. B1, .. W2, .. B2];

        public static Weights From(TwoLayerModelParameters model) => new(
            model.GetHiddenWeights().Cast<float>().Select(v => (double)v).ToArray(), model.GetHiddenBiases().Select(v => (double)v).ToArray(),
            model.GetOutputWeights().Cast<float>().Select(v => (double)v).ToArray(), model.GetOutputBiases().Select(v => (double)v).ToArray());
    }

    /// <summary>Rows of a data set; <see cref="RowWeights"/> null when unweighted.</summary>
    public sealed record Data(double[][] Features, int[] Labels, double[]? RowWeights, int Classes);

    /// <summary>What one reference run produced.</summary>
    public sealed record Result(Weights Weights, List<double> TrainingLoss, List<double> ValidationLoss);

    /// <summary>Trains as <paramref name="options"/> say, from <paramref name="initial"/>, with no early stopping.</summary>
    public static Result Train(TwoLayerTrainer.Options options, Data data, Weights initial, Data? validation = null)
    {
        Weights p = initial.Clone();
        int inputs = data.Features[0].Length, hidden = p.B1.Length, classes = data.Classes, rows = data.Labels.Length;
        double[] weights = RowWeights(options, data);
        int batch = options.BatchSize == 0 ? rows : Math.Min(options.BatchSize, rows);
        int count = p.W1.Length + p.B1.Length + p.W2.Length + p.B2.Length;
        // L2Regularization applies up to L2RowsPerWeight training rows per weight (W1 and W2) and shrinks as (reference / rows)³ beyond.
        double reference = (double)options.L2RowsPerWeight * (p.W1.Length + p.W2.Length);
        double l2 = options.L2RowsPerWeight > 0 && rows > reference
            ? options.L2Regularization * Math.Pow(reference / rows, 3)
            : options.L2Regularization;
        double[] m = new double[count], v = new double[count];
        int t = 0;
        double lr = options.LearningRate;
        int plateauBad = 0;
        double plateauBest = double.PositiveInfinity;
        var trainingLoss = new List<double>();
        var validationLoss = new List<double>();
        for (int epoch = 1; epoch <= options.NumberOfEpochs; epoch++)
        {
            if (options.LearningRateSchedule == LearningRateSchedule.InverseScaling)
            {
                lr = options.LearningRate / Math.Pow(epoch, options.PowerT);
            }
            double lossSum = 0, weightSum = 0;
            for (int start = 0; start < rows; start += batch)
            {
                int end = Math.Min(rows, start + batch);
                double batchWeight = 0;
                for (int r = start; r < end; r++)
                {
                    batchWeight += weights[r];
                }
                var g = new Weights(new double[p.W1.Length], new double[hidden], new double[p.W2.Length], new double[classes]);
                for (int r = start; r < end; r++)
                {
                    lossSum += weights[r] * Backward(options.HiddenActivation, p, data.Features[r], data.Labels[r], weights[r] / batchWeight, g);
                }
                weightSum += batchWeight;
                for (int i = 0; i < p.W1.Length; i++)
                {
                    g.W1[i] += l2 * p.W1[i];
                }
                for (int i = 0; i < p.W2.Length; i++)
                {
                    g.W2[i] += l2 * p.W2[i];
                }
                t++;
                Step(options, p, g, lr, m, v, t);
            }
            double loss = lossSum / weightSum + 0.5 * l2 * (p.W1.Sum(w => w * w) + p.W2.Sum(w => w * w));
            trainingLoss.Add(loss);
            double monitored = loss;
            if (validation != null)
            {
                monitored = MeanLoss(options.HiddenActivation, p, validation);
                validationLoss.Add(monitored);
            }
            if (options.LearningRateSchedule == LearningRateSchedule.ReduceOnPlateau)
            {
                bool improved = monitored < plateauBest - options.Tolerance;
                plateauBest = Math.Min(plateauBest, monitored);
                plateauBad = improved ? 0 : plateauBad + 1;
                if (plateauBad >= options.PlateauPatience)
                {
                    lr *= options.PlateauFactor;
                    plateauBad = 0;
                }
            }
        }
        return new Result(p, trainingLoss, validationLoss);
    }

    /// <summary>Weighted mean cross-entropy of <paramref name="p"/> on <paramref name="data"/> (example weights only).</summary>
    public static double MeanLoss(HiddenActivation activation, Weights p, Data data)
    {
        double sum = 0, total = 0;
        for (int r = 0; r < data.Labels.Length; r++)
        {
            double w = data.RowWeights?[r] ?? 1;
            sum += w * -Math.Log(Probabilities(activation, p, data.Features[r], out _)[data.Labels[r]]);
            total += w;
        }
        return sum / total;
    }

    /// <summary>The class probabilities of one row (and its hidden layer).</summary>
    public static double[] Probabilities(HiddenActivation activation, Weights p, double[] x, out double[] h)
    {
        int inputs = x.Length, hidden = p.B1.Length, classes = p.B2.Length;
        h = new double[hidden];
        for (int j = 0; j < hidden; j++)
        {
            double z = p.B1[j];
            for (int i = 0; i < inputs; i++)
            {
                z += x[i] * p.W1[i * hidden + j];
            }
            h[j] = activation switch
            {
                HiddenActivation.Relu => Math.Max(0, z),
                HiddenActivation.LeakyRelu => z > 0 ? z : 0.01 * z,
                HiddenActivation.Tanh => Math.Tanh(z),
                HiddenActivation.Sigmoid => 1 / (1 + Math.Exp(-z)),
                _ => throw new ArgumentOutOfRangeException(nameof(activation)),
            };
        }
        var o = new double[classes];
        for (int k = 0; k < classes; k++)
        {
            o[k] = p.B2[k];
            for (int j = 0; j < hidden; j++)
            {
                o[k] += h[j] * p.W2[j * classes + k];
            }
        }
        double max = o.Max(), sum = 0;
        for (int k = 0; k < classes; k++)
        {
            o[k] = Math.Exp(o[k] - max);
            sum += o[k];
        }
        for (int k = 0; k < classes; k++)
        {
            o[k] /= sum;
        }
        return o;
    }

    private static double[] RowWeights(TwoLayerTrainer.Options options, Data data)
    {
        int rows = data.Labels.Length;
        double[]? classWeights = options.ClassWeights?.Select(w => (double)w).ToArray();
        if (classWeights == null && options.ClassWeighting == ClassWeighting.Balanced)
        {
            classWeights = Enumerable.Range(0, data.Classes).Select(c =>
            {
                int n = data.Labels.Count(l => l == c);
                return n == 0 ? 1.0 : rows / (double)(data.Classes * n);
            }).ToArray();
        }
        var weights = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            double example = options.ExampleWeightColumnName == null ? 1 : data.RowWeights![r];
            weights[r] = example * (classWeights?[data.Labels[r]] ?? 1);
        }
        return weights;
    }

    /// <summary>Adds this row's gradient, scaled by <paramref name="scale"/>, to <paramref name="g"/>; returns its cross-entropy.</summary>
    private static double Backward(HiddenActivation activation, Weights p, double[] x, int label, double scale, Weights g)
    {
        int inputs = x.Length, hidden = p.B1.Length, classes = p.B2.Length;
        double[] o = Probabilities(activation, p, x, out double[] h);
        double loss = -Math.Log(o[label]);
        var dscore = new double[classes];
        for (int k = 0; k < classes; k++)
        {
            dscore[k] = scale * (o[k] - (k == label ? 1 : 0));
            g.B2[k] += dscore[k];
        }
        for (int j = 0; j < hidden; j++)
        {
            double dh = 0;
            for (int k = 0; k < classes; k++)
            {
                g.W2[j * classes + k] += h[j] * dscore[k];
                dh += dscore[k] * p.W2[j * classes + k];
            }
            dh *= activation switch
            {
                HiddenActivation.Relu => h[j] > 0 ? 1 : 0,
                HiddenActivation.LeakyRelu => h[j] > 0 ? 1 : 0.01,
                HiddenActivation.Tanh => 1 - h[j] * h[j],
                HiddenActivation.Sigmoid => h[j] * (1 - h[j]),
                _ => throw new ArgumentOutOfRangeException(nameof(activation)),
            };
            g.B1[j] += dh;
            for (int i = 0; i < inputs; i++)
            {
                g.W1[i * hidden + j] += x[i] * dh;
            }
        }
        return loss;
    }

    private static void Step(TwoLayerTrainer.Options options, Weights p, Weights g, double lr, double[] m, double[] v, int t)
    {
        double[][] ps = [p.W1, p.B1, p.W2, p.B2], gs = [g.W1, g.B1, g.W2, g.B2];
        int offset = 0;
        for (int block = 0; block < 4; block++)
        {
            double[] w = ps[block], d = gs[block];
            for (int i = 0; i < w.Length; i++, offset++)
            {
                switch (options.Optimizer)
                {
                    case OptimizerKind.GradientDescent:
                        w[i] -= lr * d[i];
                        break;
                    case OptimizerKind.ClassicalMomentum:
                        m[offset] = options.Momentum * m[offset] - lr * d[i];
                        w[i] += m[offset];
                        break;
                    case OptimizerKind.Nesterov:
                        // Sutskever's form as Keras writes it: w += μ·v_new − lr·g.
                        m[offset] = options.Momentum * m[offset] - lr * d[i];
                        w[i] += options.Momentum * m[offset] - lr * d[i];
                        break;
                    case OptimizerKind.Adam:
                        m[offset] = options.Beta1 * m[offset] + (1 - options.Beta1) * d[i];
                        v[offset] = options.Beta2 * v[offset] + (1 - options.Beta2) * d[i] * d[i];
                        double mHat = m[offset] / (1 - Math.Pow(options.Beta1, t));
                        double vHat = v[offset] / (1 - Math.Pow(options.Beta2, t));
                        w[i] -= lr * mHat / (Math.Sqrt(vHat) + options.Epsilon);
                        break;
                    default:
                        throw new ArgumentOutOfRangeException(nameof(options));
                }
            }
        }
    }
}
