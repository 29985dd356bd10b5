using System.Diagnostics;
using MlNetTwoLayer.Network;
using MlNetTwoLayer.Numerics;
using MlNetTwoLayer.Optimizers;

namespace MlNetTwoLayer.Training;

/// <summary>
/// The seed's gradient-descent loop, grown up: mini-batches drawn from a per-epoch shuffle, any
/// <see cref="IOptimizer"/>, L2 on weights, and a finite-loss check. Every buffer is allocated here,
/// before the first epoch.
/// </summary>
internal sealed class NetworkTrainer
{
    private readonly TrainingSettings _settings;

    /// <summary>Prepares a run with <paramref name="settings"/>.</summary>
    public NetworkTrainer(TrainingSettings settings) => _settings = settings;

    /// <summary>
    /// Trains on <paramref name="data"/>, starting from a copy of <paramref name="initial"/> when given,
    /// else from freshly initialised weights. <paramref name="onEpoch"/> hears about every epoch.
    /// </summary>
    public NetworkParameters Train(DenseDataset data, NetworkParameters? initial, Action<EpochReport>? onEpoch = null)
    {
        var shape = new NetworkShape(data.Inputs, _settings.HiddenUnits, data.Classes);
        var random = new SeededRandom(_settings.Seed);
        NetworkParameters parameters;
        if (initial != null)
        {
            parameters = initial.Clone();
        }
        else
        {
            parameters = new NetworkParameters(shape);
            WeightInitializer.Initialize(parameters, _settings.Initialization, new SeededRandom(random.NextSeed()));
        }
        var shuffleRandom = new SeededRandom(random.NextSeed());

        int batch = _settings.BatchSize == 0 ? data.Rows : Math.Min(_settings.BatchSize, data.Rows);
        bool shuffle = _settings.Shuffle && batch < data.Rows;
        var network = new TwoLayerNetwork(parameters, _settings.Activation);
        var gradients = new NetworkParameters(shape);
        var workspace = new BatchWorkspace(shape, batch, new GemmEngine(_settings.Threads), needsInputBuffer: shuffle);
        IOptimizer optimizer = OptimizerFactory.Create(_settings.Optimizer, shape.ParameterCount, _settings.Momentum, _settings.Beta1, _settings.Beta2, _settings.Epsilon);
        int[] order = new int[data.Rows];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        double totalWeight = data.TotalWeight();
        var clock = Stopwatch.StartNew();

        for (int epoch = 1; epoch <= _settings.Epochs; epoch++)
        {
            if (shuffle)
            {
                shuffleRandom.Shuffle(order);
            }
            double lossSum = 0;
            for (int start = 0; start < data.Rows; start += batch)
            {
                _settings.CancellationToken.ThrowIfCancellationRequested();
                int rows = Math.Min(batch, data.Rows - start);
                lossSum += Step(network, data, order, start, rows, shuffle, workspace, gradients, optimizer);
            }
            double loss = lossSum / totalWeight + network.L2Penalty(_settings.L2Regularization);
            if (!double.IsFinite(loss) || !parameters.AllFinite())
            {
                throw new TrainingDivergedException(epoch, loss, _settings.LearningRate);
            }
            onEpoch?.Invoke(new EpochReport(epoch, loss, clock.Elapsed));
        }
        return parameters;
    }

    /// <summary>One forward, backward and update on rows [start, start+rows) of the epoch's order; returns the batch's weighted loss sum.</summary>
    private double Step(TwoLayerNetwork network, DenseDataset data, int[] order, int start, int rows, bool gathered,
        BatchWorkspace ws, NetworkParameters gradients, IOptimizer optimizer)
    {
        int inputs = data.Inputs;
        ReadOnlySpan<float> x;
        ReadOnlySpan<int> labels;
        ReadOnlySpan<float> weights;
        if (gathered)
        {
            for (int r = 0; r < rows; r++)
            {
                int source = order[start + r];
                data.Features.AsSpan(source * inputs, inputs).CopyTo(ws.Input.AsSpan(r * inputs, inputs));
                ws.Labels[r] = data.Labels[source];
                if (data.Weights != null)
                {
                    ws.RowWeights[r] = data.Weights[source];
                }
            }
            x = ws.Input.AsSpan(0, rows * inputs);
            labels = ws.Labels.AsSpan(0, rows);
            weights = data.Weights == null ? default : ws.RowWeights.AsSpan(0, rows);
        }
        else
        {
            x = data.Features.AsSpan(start * inputs, rows * inputs);
            labels = data.Labels.AsSpan(start, rows);
            weights = data.Weights == null ? default : data.Weights.AsSpan(start, rows);
        }

        float normalizer = rows;
        if (!weights.IsEmpty)
        {
            double sum = 0;
            foreach (float w in weights)
            {
                sum += w;
            }
            normalizer = (float)sum;
        }

        double loss = network.ForwardWithLoss(x, rows, labels, weights, ws);
        network.Backward(x, rows, labels, weights, normalizer, ws, gradients);
        network.AddL2Gradient(gradients, _settings.L2Regularization);
        optimizer.Step(network.Parameters.Values, gradients.Values, _settings.LearningRate);
        return loss;
    }
}
