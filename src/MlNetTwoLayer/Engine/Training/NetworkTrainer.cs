using System.Diagnostics;
using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Numerics;
using MlNetTwoLayer.Engine.Optimizers;

namespace MlNetTwoLayer.Engine.Training;

/// <summary>The trained parameters, the head they were trained with (its label scaling is part of the model) and how training went.</summary>
internal sealed record TrainingOutcome(NetworkParameters Parameters, TrainingHistory History, IOutputHead Head);

/// <summary>
/// The seed's gradient-descent loop, grown up: mini-batches from a per-epoch shuffle, any
/// <see cref="IOptimizer"/>, L2 on weights, class weights, learning-rate schedules, validation with
/// early stopping that keeps the best weights, and a finite-loss check. Every buffer is allocated
/// here, before the first epoch.
/// </summary>
internal sealed class NetworkTrainer
{
    private readonly TrainingSettings _settings;

    /// <summary>Prepares a run with <paramref name="settings"/>.</summary>
    public NetworkTrainer(TrainingSettings settings) => _settings = settings;

    /// <summary>
    /// Trains on <paramref name="data"/>, validating on <paramref name="validation"/> (or on a
    /// stratified hold-out when <see cref="TrainingSettings.ValidationFraction"/> is set), starting
    /// from a copy of <paramref name="initial"/> when given, else from fresh weights. <paramref name="head"/>
    /// is the initial model's head when continuing its training; null builds the head the settings
    /// name, standardising regression targets on the training rows when they ask for it.
    /// </summary>
    public TrainingOutcome Train(Dataset data, Dataset? validation, NetworkParameters? initial, Action<TrainingProgress>? onEpoch = null, IOutputHead? head = null)
    {
        var seeds = new RunSeeds(_settings.Seed);
        if (validation == null && _settings.ValidationFraction > 0)
        {
            (data, validation) = DatasetOperations.StratifiedSplit(data, _settings.ValidationFraction, seeds.Split);
        }
        // Statistics from the training rows only (after the hold-out, before class weights: the rows
        // as the user weighted them), as a pipeline's normaliser would see them.
        // Dense rows only: centring sparse rows would fill them in (docs/sparse.md), and their usual
        // sources (text, one-hot, hashing) are already on a common scale.
        InputStandardizer? standardizer = _settings.StandardizeInputs && data is DenseDataset && validation is null or DenseDataset
            ? InputStandardizer.Fit((DenseDataset)data)
            : null;
        if (standardizer != null)
        {
            data = standardizer.Apply((DenseDataset)data);
            validation = validation == null ? null : standardizer.Apply((DenseDataset)validation);
        }
        float[]? classWeights = DatasetOperations.ResolveClassWeights(_settings.ClassWeights, _settings.ClassWeighting, DatasetOperations.ClassCounts(data));
        data = DatasetOperations.WithClassWeights(data, classWeights);
        head ??= CreateHead(OutputHeads.IsRegression(_settings.Head) && _settings.StandardizeTargets ? DatasetOperations.StandardizeTargets(data) : TargetScaling.Identity);

        int batch = _settings.BatchSize == 0 ? data.Rows : Math.Min(_settings.BatchSize, data.Rows);
        bool shuffle = _settings.Shuffle && batch < data.Rows;
        var shape = new NetworkShape(data.Inputs, _settings.HiddenUnits, head.OutputCount(data.Classes));
        // Disposed when training ends, so no worker thread or native buffer outlives the fit.
        using var gemm = new GemmEngine(_settings.Threads);
        bool sparse = data is SparseDataset;
        var workspace = new BatchWorkspace(shape, batch, gemm, needsInputBuffer: shuffle && !sparse);
        IBatchSource source = data is SparseDataset csr
            ? new SparseBatchSource(csr, batch, shuffle, workspace)
            : new InMemoryBatchSource((DenseDataset)data, batch, shuffle, workspace);
        return Run(source, data.Rows, shape, head, workspace, sparse, validation, initial, seeds, onEpoch, standardizer);
    }

    /// <summary>
    /// Trains by reading <paramref name="stream"/> (<paramref name="rows"/> usable rows, from the
    /// caller's counting pass, which also gave <paramref name="classCounts"/>) anew every epoch through
    /// a shuffle window of <see cref="TrainingSettings.StreamingShuffleWindow"/> rows; memory stays
    /// bounded by the window, the batch and the model. <paramref name="head"/> comes from the same
    /// counting pass for regression (its label scaling); null builds the settings' head without scaling.
    /// With <paramref name="sparse"/> (the stream must then be an <see cref="ISparseRowStream"/>, and the
    /// head a classifier) rows are read, buffered and trained on as their non-zeros.
    /// </summary>
    public TrainingOutcome TrainStreaming(IRowStream stream, long rows, long[] classCounts, Dataset? validation,
        NetworkParameters? initial, Action<TrainingProgress>? onEpoch = null, IOutputHead? head = null, bool sparse = false)
    {
        head ??= CreateHead(TargetScaling.Identity);
        var seeds = new RunSeeds(_settings.Seed);
        int classes = classCounts.Length;
        // The dense window's cap is rows x inputs values; a sparse window holds only non-zeros.
        int shuffleWindow = sparse ? _settings.StreamingShuffleWindow : StreamingBatchSource.EffectiveWindow(_settings.StreamingShuffleWindow, rows, stream.Inputs);
        float[]? classWeights = DatasetOperations.ResolveClassWeights(_settings.ClassWeights, _settings.ClassWeighting, classCounts);
        InputStandardizer? standardizer = null;
        if (_settings.StandardizeInputs && !sparse && validation is null or DenseDataset)
        {
            var standardizing = StandardizingRowStream.Create(stream);
            standardizer = standardizing.Standardizer;
            stream = standardizing;
            validation = validation == null ? null : standardizer.Apply((DenseDataset)validation);
        }
        // A "whole data set" batch would hold every row in memory, which streaming exists to avoid: 0
        // means one window's worth. Either way a batch never exceeds the rows there are.
        int batch = (int)Math.Clamp(_settings.BatchSize == 0 ? shuffleWindow : _settings.BatchSize, 1, Math.Max(1, rows));
        var shape = new NetworkShape(stream.Inputs, _settings.HiddenUnits, head.OutputCount(classes));
        using var gemm = new GemmEngine(_settings.Threads);
        int window = _settings.Shuffle ? shuffleWindow : 1;
        sparse &= head.IsClassifier; // sparse batches carry class labels, not regression targets
        var workspace = new BatchWorkspace(shape, batch, gemm, needsInputBuffer: !sparse);
        IBatchSource source = sparse
            ? new SparseStreamingBatchSource((ISparseRowStream)stream, batch, window, classWeights, workspace)
            : new StreamingBatchSource(stream, batch, window, classWeights, workspace, regression: !head.IsClassifier);
        return Run(source, rows, shape, head, workspace, sparse, validation, initial, seeds, onEpoch, standardizer);
    }

    /// <summary>The head the settings name, with <paramref name="scaling"/> for regression heads.</summary>
    public IOutputHead CreateHead(TargetScaling scaling) => OutputHeads.Create(_settings.Head, scaling, _settings.HuberDelta);

    private TrainingOutcome Run(IBatchSource source, long rows, NetworkShape shape, IOutputHead head, BatchWorkspace workspace, bool sparse, Dataset? validation,
        NetworkParameters? initial, RunSeeds seeds, Action<TrainingProgress>? onEpoch, InputStandardizer? standardizer)
    {
        NetworkParameters parameters = initial?.Clone() ?? new NetworkParameters(shape);
        if (sparse)
        {
            HugePages.Advise(parameters.Values); // before the weights are first written (see HugePages)
        }
        if (initial == null)
        {
            WeightInitializer.Initialize(parameters, _settings.Initialization, seeds.Initialization);
        }
        else
        {
            // The initial model scores raw inputs; training sees standardised ones.
            standardizer?.UnfoldFrom(parameters);
        }
        var network = new TwoLayerNetwork(parameters, _settings.Activation, head);
        BatchWorkspace? validationWorkspace = validation == null ? null : new BatchWorkspace(shape, Math.Min(validation.Rows, 1024), workspace.Gemm, needsInputBuffer: false);
        using BestEpochSnapshot? best = validation == null ? null : new BestEpochSnapshot(parameters, _settings.BestEpochInMemoryBytes);
        // Gradients and optimiser state: full-size for dense rows; for sparse rows, compact dW1 rows and lazy W1 state.
        // The penalty for this many training rows (after any hold-out; see TrainingSettings.EffectiveL2).
        float l2 = _settings.EffectiveL2(rows, (long)shape.W1Length + shape.W2Length);
        TrainingSettings stepSettings = _settings with { L2Regularization = l2 };
        ITrainingStep step = sparse ? new SparseTrainingStep(shape, workspace, stepSettings) : new DenseTrainingStep(shape, workspace, stepSettings);

        var stopping = new ImprovementTracker(_settings.Patience, _settings.Tolerance);
        var plateau = new ImprovementTracker(_settings.PlateauPatience, _settings.Tolerance);
        // Sized up front (up to 65536 epochs) so that recording history allocates nothing per epoch.
        int historyCapacity = Math.Min(_settings.Epochs, 1 << 16);
        var trainingLoss = new List<double>(historyCapacity);
        var validationLoss = new List<double>(validation == null ? 0 : historyCapacity);
        var validationAccuracy = new List<double>(validation == null ? 0 : historyCapacity);
        float learningRate = _settings.LearningRate;
        StopReason reason = StopReason.MaximumEpochsReached;
        var clock = Stopwatch.StartNew();

        for (int epoch = 1; epoch <= _settings.Epochs; epoch++)
        {
            if (_settings.Schedule == LearningRateSchedule.InverseScaling)
            {
                learningRate = (float)(_settings.LearningRate / Math.Pow(epoch, _settings.PowerT));
            }
            source.BeginEpoch(seeds.Shuffle);
            double lossSum = 0, weightSum = 0;
            while (true)
            {
                _settings.CancellationToken.ThrowIfCancellationRequested();
                if (!source.NextBatch(out BatchView batch))
                {
                    break;
                }
                lossSum += step.Run(network, batch, learningRate, out float batchWeight, source.PrepareNextGather());
                weightSum += batchWeight;
            }
            if (weightSum == 0)
            {
                throw new InvalidOperationException("An epoch read no usable rows; the data changed between passes or every row is invalid.");
            }
            double loss = lossSum / weightSum + network.L2Penalty(l2);
            if (!double.IsFinite(loss) || !parameters.AllFinite())
            {
                throw new TrainingDivergedException(epoch, loss, learningRate);
            }
            trainingLoss.Add(loss);

            double monitored = loss;
            double? vLoss = null, vAccuracy = null;
            if (validation != null)
            {
                (double l, double? a) = Evaluate(network, validation, validationWorkspace!);
                vLoss = l;
                vAccuracy = a;
                validationLoss.Add(l);
                if (a is double accuracy)
                {
                    validationAccuracy.Add(accuracy);
                }
                monitored = l;
            }
            onEpoch?.Invoke(new TrainingProgress(epoch, _settings.Epochs, loss, vLoss, vAccuracy, learningRate, clock.Elapsed));

            // The last possible epoch is never copied: nothing after it can be worse.
            if (stopping.Observe(epoch, monitored) && best != null && epoch < _settings.Epochs)
            {
                best.Save();
            }
            if (_settings.Schedule == LearningRateSchedule.ReduceOnPlateau)
            {
                plateau.Observe(epoch, monitored);
                if (plateau.Exhausted)
                {
                    learningRate *= _settings.PlateauFactor;
                    plateau.ResetPatience();
                }
            }
            if (stopping.Exhausted)
            {
                reason = StopReason.NoImprovement;
                break;
            }
        }

        int bestEpoch = trainingLoss.Count;
        if (best != null)
        {
            bestEpoch = stopping.BestEpoch;
            if (bestEpoch != trainingLoss.Count)
            {
                best.Restore();
            }
        }
        standardizer?.FoldInto(parameters);
        var history = new TrainingHistory(trainingLoss, validationLoss, validationAccuracy, bestEpoch, reason, clock.Elapsed);
        return new TrainingOutcome(parameters, history, head);
    }

    /// <summary>Mean (weighted) loss and, for classifiers, accuracy of the current weights on <paramref name="data"/>.</summary>
    private (double Loss, double? Accuracy) Evaluate(TwoLayerNetwork network, Dataset data, BatchWorkspace ws)
    {
        double loss = 0, correct = 0;
        int inputs = data.Inputs, outputs = network.Shape.Classes;
        IOutputHead head = network.Head;
        EvaluationRows? gather = data is SparseDataset { IsContiguous: false } ? new EvaluationRows(ws.Capacity) : null;
        for (int start = 0; start < data.Rows; start += ws.Capacity)
        {
            _settings.CancellationToken.ThrowIfCancellationRequested();
            int rows = Math.Min(ws.Capacity, data.Rows - start);
            ReadOnlySpan<float> weights = data.Weights == null ? default : data.Weights.AsSpan(start, rows);
            ReadOnlySpan<float> targets = data.Targets == null ? default : data.Targets.AsSpan(start, rows);
            loss += data is SparseDataset csr
                ? network.ForwardWithLoss(SparseRows(csr, start, rows, gather), data.Labels.AsSpan(start, rows), targets, weights, ws)
                : network.ForwardWithLoss(((DenseDataset)data).Features.AsSpan(start * inputs, rows * inputs), rows, data.Labels.AsSpan(start, rows), targets, weights, ws);
            for (int r = 0; r < rows && head.IsClassifier; r++)
            {
                if (head.PredictedClass(ws.Output.AsSpan(r * outputs, outputs)) == data.Labels[start + r])
                {
                    correct += weights.IsEmpty ? 1 : weights[r];
                }
            }
        }
        double total = data.TotalWeight();
        return (loss / total, head.IsClassifier ? correct / total : null);
    }

    /// <summary>Rows [start, start + rows) of a sparse data set as a CSR batch: its own arrays when contiguous, else gathered.</summary>
    private static CsrBatch SparseRows(SparseDataset data, int start, int rows, EvaluationRows? gather)
    {
        if (gather == null)
        {
            return new CsrBatch(data.RowStarts.AsSpan(start, rows + 1), data.Indices, data.Values, rows, data.Inputs);
        }
        for (int r = 0; r < rows; r++)
        {
            gather.Rows[r] = start + r;
        }
        data.Gather(gather.Rows.AsSpan(0, rows), gather.RowStarts, ref gather.Indices, ref gather.Values);
        return new CsrBatch(gather.RowStarts.AsSpan(0, rows + 1), gather.Indices, gather.Values, rows, data.Inputs);
    }

    /// <summary>Buffers for evaluating rows that must be gathered (picked by the hold-out split, or read from an ML.NET cache).</summary>
    private sealed class EvaluationRows(int capacity)
    {
        public readonly int[] Rows = new int[capacity];
        public readonly int[] RowStarts = new int[capacity + 1];
        public int[] Indices = new int[1024];
        public float[] Values = new float[1024];
    }

    /// <summary>The independent random streams of one run, all derived from its seed.</summary>
    private sealed class RunSeeds
    {
        public RunSeeds(int seed)
        {
            var root = new SeededRandom(seed);
            Initialization = new SeededRandom(root.NextSeed());
            Shuffle = new SeededRandom(root.NextSeed());
            Split = new SeededRandom(root.NextSeed());
        }

        public SeededRandom Initialization { get; }

        public SeededRandom Shuffle { get; }

        public SeededRandom Split { get; }
    }
}
