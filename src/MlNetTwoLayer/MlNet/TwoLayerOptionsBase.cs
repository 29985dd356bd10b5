using MlNetTwoLayer.Engine.Training;

namespace MlNetTwoLayer;

/// <summary>
/// The options every two-layer trainer shares — multiclass (<see cref="TwoLayerTrainer.Options"/>), binary
/// (<see cref="TwoLayerBinaryTrainer.Options"/>) and regression (<see cref="TwoLayerRegressionTrainer.Options"/>):
/// the network, the optimiser, the schedule, early stopping, data mode and threads. Defaults give a
/// good model on normalised features.
/// </summary>
public abstract class TwoLayerOptionsBase
{
    /// <summary>Only this library's option types derive from it.</summary>
    private protected TwoLayerOptionsBase()
    {
    }

    /// <summary>The defaults, written once and used by the properties and the catalog methods alike.</summary>
    public static class Defaults
    {
        /// <summary>Default of <see cref="HiddenUnits"/>.</summary>
        public const int HiddenUnits = TrainingSettings.Defaults.HiddenUnits;

        /// <summary>Default of <see cref="EnsembleSize"/>: one network (docs/defaults.md, "Seed ensembles", says what 3 gain and cost).</summary>
        public const int EnsembleSize = TrainingSettings.Defaults.EnsembleSize;

        /// <summary>Default of <see cref="LearningRate"/> (suits Adam; plain gradient descent wants more).</summary>
        public const float LearningRate = TrainingSettings.Defaults.LearningRate;

        /// <summary>Default of <see cref="NumberOfEpochs"/>.</summary>
        public const int NumberOfEpochs = TrainingSettings.Defaults.Epochs;

        /// <summary>Default of <see cref="BatchSize"/>.</summary>
        public const int BatchSize = TrainingSettings.Defaults.BatchSize;

        /// <summary>Default of <see cref="L2Regularization"/> (scikit-learn's <c>alpha</c> is this times the batch size).</summary>
        public const float L2Regularization = TrainingSettings.Defaults.L2Regularization;

        /// <summary>
        /// Default of <see cref="L2RowsPerWeight"/> for the multiclass trainer: 1, so λ shrinks once the training rows
        /// outnumber the network's weights (docs/defaults.md, "L2 and the data size").
        /// </summary>
        public const float L2RowsPerWeight = TrainingSettings.Defaults.L2RowsPerWeight;

        /// <summary>Default of <see cref="L2RowsPerWeight"/> for the binary and regression trainers: 0, their λ on any number of rows (not measured on their benchmark).</summary>
        public const float SingleOutputL2RowsPerWeight = TrainingSettings.Defaults.SingleOutputL2RowsPerWeight;

        /// <summary>Default of <see cref="Momentum"/>.</summary>
        public const float Momentum = TrainingSettings.Defaults.Momentum;

        /// <summary>Default of <see cref="Beta1"/>, as in the Adam paper.</summary>
        public const float Beta1 = TrainingSettings.Defaults.Beta1;

        /// <summary>Default of <see cref="Beta2"/>, as in the Adam paper.</summary>
        public const float Beta2 = TrainingSettings.Defaults.Beta2;

        /// <summary>Default of <see cref="Epsilon"/>, as in the Adam paper.</summary>
        public const float Epsilon = TrainingSettings.Defaults.Epsilon;

        /// <summary>Default of <see cref="Patience"/> (scikit-learn's <c>n_iter_no_change</c>).</summary>
        public const int Patience = TrainingSettings.Defaults.Patience;

        /// <summary>Default of <see cref="Tolerance"/> (scikit-learn's <c>tol</c>).</summary>
        public const double Tolerance = TrainingSettings.Defaults.Tolerance;

        /// <summary>
        /// Default of <see cref="LearningRateSchedule"/>: reduce on plateau, which made the defaults
        /// robust across seeds (5-fold CV on digits 0.981–0.984 over three seeds, against 0.973–0.981 constant).
        /// </summary>
        public const LearningRateSchedule LearningRateSchedule = TrainingSettings.Defaults.Schedule;

        /// <summary>
        /// Default of <see cref="LearningRate"/> for the binary and regression trainers: 0.001,
        /// scikit-learn's Adam default, measured better on small tabular data sets (benchmarks/MlNetTwoLayer.Quality).
        /// </summary>
        public const float SingleOutputLearningRate = TrainingSettings.Defaults.SingleOutputLearningRate;

        /// <summary>Default of <see cref="L2Regularization"/> for the binary and regression trainers: 1e-2, chosen on the quality benchmark (docs/defaults.md).</summary>
        public const float SingleOutputL2Regularization = TrainingSettings.Defaults.SingleOutputL2Regularization;

        /// <summary>Default of <see cref="LearningRateSchedule"/> for the binary and regression trainers: constant.</summary>
        public const LearningRateSchedule SingleOutputLearningRateSchedule = TrainingSettings.Defaults.SingleOutputSchedule;

        /// <summary>Default of <see cref="PowerT"/>.</summary>
        public const double PowerT = TrainingSettings.Defaults.PowerT;

        /// <summary>Default of <see cref="PlateauFactor"/>.</summary>
        public const float PlateauFactor = TrainingSettings.Defaults.PlateauFactor;

        /// <summary>Default of <see cref="PlateauPatience"/>.</summary>
        public const int PlateauPatience = TrainingSettings.Defaults.PlateauPatience;

        /// <summary>Default of <see cref="Shuffle"/>.</summary>
        public const bool Shuffle = TrainingSettings.Defaults.Shuffle;

        /// <summary>Default of <see cref="Optimizer"/>.</summary>
        public const OptimizerKind Optimizer = TrainingSettings.Defaults.Optimizer;

        /// <summary>Default of <see cref="WeightInitialization"/>: He, which suits the ReLU hidden layer.</summary>
        public const WeightInitialization WeightInitialization = TrainingSettings.Defaults.Initialization;

        /// <summary>Default of <see cref="HiddenActivation"/>: the seed's ReLU.</summary>
        public const HiddenActivation HiddenActivation = TrainingSettings.Defaults.Activation;

        /// <summary>Default of <see cref="TwoLayerClassifierOptionsBase.ClassWeighting"/>: every class weighs the same.</summary>
        public const ClassWeighting ClassWeighting = TrainingSettings.Defaults.ClassWeighting;

        /// <summary>
        /// Default of <see cref="StandardizeInputs"/>: on, because ML.NET's default
        /// <c>NormalizeMeanVariance</c> scales but does not centre (docs/defaults.md).
        /// </summary>
        public const bool StandardizeInputs = TrainingSettings.Defaults.StandardizeInputs;

        /// <summary>Default of <see cref="StreamingShuffleWindow"/>.</summary>
        public const int StreamingShuffleWindow = TrainingSettings.Defaults.StreamingShuffleWindow;

        /// <summary>Default of <see cref="LabelColumnName"/>.</summary>
        public const string LabelColumnName = "Label";

        /// <summary>Default of <see cref="FeatureColumnName"/>.</summary>
        public const string FeatureColumnName = "Features";
    }

    /// <summary>
    /// The label column: for the multiclass trainer a key (as <c>MapValueToKey</c> makes) or a Single
    /// holding class indices 0, 1, 2, …; for the binary trainer a Boolean; for regression a Single.
    /// </summary>
    public string LabelColumnName { get; set; } = Defaults.LabelColumnName;

    /// <summary>The feature column: a known-size vector of Single. Normalise it for best results.</summary>
    public string FeatureColumnName { get; set; } = Defaults.FeatureColumnName;

    /// <summary>An optional Single column weighting each row's loss; rows with a weight that is not positive are skipped.</summary>
    public string? ExampleWeightColumnName { get; set; }

    /// <summary>
    /// With inputs wider than 65,536 slots (text, one-hot, hashing), options left at their defaults
    /// (<see cref="HiddenUnits"/> 100, <see cref="NumberOfEpochs"/> 200, <see cref="Patience"/> 10,
    /// <see cref="ValidationFraction"/> 0, and the multiclass <see cref="LearningRate"/> 0.01 and
    /// <see cref="L2Regularization"/> 3e-3) become the wide-input defaults: 16 hidden units, at most 10
    /// epochs, a 10% stratified hold-out with patience 2 that keeps the best epoch (in memory;
    /// streaming stops on the training loss), learning rate 0.001 with Adam (0.2 with plain
    /// <see cref="OptimizerKind.GradientDescent"/>, 0.02 with classical or Nesterov momentum) and L2 1e-5
    /// (the tabular L2 drowns the rare n-grams text is classified by). On 500,000 slots that is an 8 M-weight W1 (32 MB, 96 MB
    /// with Adam's moments) instead of 50 M (600 MB). Set an option to another value to choose it
    /// yourself, or set this to false to keep the ordinary defaults. See docs/sparse.md.
    /// </summary>
    public bool WideInputDefaults { get; set; } = true;

    /// <summary>Units in the hidden layer (the seed's <c>Nh</c>); for wide inputs see <see cref="WideInputDefaults"/>.</summary>
    public int HiddenUnits { get; set; } = Defaults.HiddenUnits;

    /// <summary>
    /// Networks to train and average (a seed ensemble). Each member is a network of
    /// <see cref="HiddenUnits"/> units trained as one network is (its own initialisation, shuffles,
    /// hold-out and early stopping), from a seed derived from <see cref="Seed"/>; the first uses that
    /// seed itself, so 1 gives the single network. The members are then merged exactly into one network
    /// of <c>EnsembleSize × HiddenUnits</c> hidden units whose scores (logits, margin or regression
    /// value) are the mean of theirs, so the model saves, loads, exports to ONNX and scores as any
    /// other; training, scoring and the model's size cost about <c>EnsembleSize</c> times one network's.
    /// <see cref="TrainingProgress"/> reports start again from epoch 1 for each member, and
    /// <see cref="TrainingHistory.Members"/> holds each member's history. A model to continue training
    /// (<c>Fit(data, initialModel)</c>) must have <c>EnsembleSize × HiddenUnits</c> hidden units; each member
    /// starts from its share. Between 1 and 64. Three networks gained 0.1–0.3 point of mean accuracy on the accuracy suite for about 2.4 times the fit time (docs/defaults.md, "Seed ensembles").
    /// </summary>
    public int EnsembleSize { get; set; } = Defaults.EnsembleSize;

    /// <summary>Step size of the optimiser (the seed's <c>lr</c>).</summary>
    public float LearningRate { get; set; } = Defaults.LearningRate;

    /// <summary>Passes over the training data.</summary>
    public int NumberOfEpochs { get; set; } = Defaults.NumberOfEpochs;

    /// <summary>
    /// Rows per gradient step; 0 uses the whole data set per step, the seed's full-batch gradient
    /// descent (with <see cref="TrainingDataMode.Streaming"/>, 0 means <see cref="StreamingShuffleWindow"/>
    /// rows, so memory stays bounded). Never more than the rows there are.
    /// </summary>
    public int BatchSize { get; set; } = Defaults.BatchSize;

    /// <summary>Reshuffle the training rows every epoch (with <see cref="Seed"/>); ignored for full batches.</summary>
    public bool Shuffle { get; set; } = Defaults.Shuffle;

    /// <summary>Seed of every random draw (initial weights, shuffles); null takes one from the MLContext's seed.</summary>
    public int? Seed { get; set; }

    /// <summary>
    /// The update rule. With sparse features, W1 rows are updated lazily (only rows whose feature is in
    /// the batch: Adam as PyTorch's SparseAdam / TensorFlow's LazyAdam, momentum as TensorFlow's sparse
    /// momentum), so a step costs what the batch touched; b1, W2 and b2 are updated densely.
    /// With sparse features and the gradient-descent kinds (plain, classical, Nesterov), a W1 row's
    /// gradient is averaged over the batch rows its feature occurs in rather than over the whole batch:
    /// a feature in 1 row of 32 gets the step a per-row update (fastText's) would give it, not 1/32 of it.
    /// Without that, plain gradient descent did not learn on text at all (accuracy 0.10 on 10 classes at
    /// any rate the output layer tolerated; with it 0.975, benchmarks/MlNetTwoLayer.TextBenchmark). A
    /// feature present in every row (dense data) gets the ordinary batch average, so dense models do not
    /// change. Adam is left as is: it divides each weight's step by that weight's own gradient scale.
    /// </summary>
    public OptimizerKind Optimizer { get; set; } = Defaults.Optimizer;

    /// <summary>Momentum μ of <see cref="OptimizerKind.ClassicalMomentum"/> and <see cref="OptimizerKind.Nesterov"/>, in [0, 1).</summary>
    public float Momentum { get; set; } = Defaults.Momentum;

    /// <summary>Adam's decay of the first moment β1, in [0, 1).</summary>
    public float Beta1 { get; set; } = Defaults.Beta1;

    /// <summary>Adam's decay of the second moment β2, in [0, 1).</summary>
    public float Beta2 { get; set; } = Defaults.Beta2;

    /// <summary>Adam's ε, added to the denominator; positive.</summary>
    public float Epsilon { get; set; } = Defaults.Epsilon;

    /// <summary>
    /// L2 penalty (λ/2)·‖W‖² on W1 and W2 (not on biases), added to each batch's mean loss; 0 turns it off.
    /// scikit-learn divides its <c>alpha</c> by the batch size, so <c>alpha</c> = λ·<see cref="BatchSize"/>.
    /// With sparse features (text, one-hot) the penalty on W1 is applied lazily: a W1 row is decayed
    /// in the steps whose batch contains its feature, not in every step. Exact L2 would touch all
    /// inputs x hidden weights every step, which is the cost the sparse path exists to avoid (500,000
    /// slots: 8 M weights per step instead of a few thousand rows); lazily, rare features are
    /// regularised less, which is what frequency-aware regularisation wants anyway. W2 is penalised
    /// exactly. When every feature occurs in every batch, lazy and exact are the same.
    /// Default: 3e-3 for the multiclass trainer (<see cref="Defaults.L2Regularization"/>, chosen on the accuracy
    /// suite), 1e-2 for the binary and regression trainers (<see cref="Defaults.SingleOutputL2Regularization"/>,
    /// chosen on the quality benchmark); docs/defaults.md has the measurements.
    /// </summary>
    public float L2Regularization { get; set; } = Defaults.L2Regularization;

    /// <summary>
    /// Training rows per network weight up to which <see cref="L2Regularization"/> applies as set. With n training rows
    /// and W weights (inputs · <see cref="HiddenUnits"/> + <see cref="HiddenUnits"/> · outputs), the penalty is λ while
    /// n ≤ r·W and λ·(r·W/n)³ beyond. The penalty is added to the mean loss, which does not grow with n, so a fixed λ
    /// weighs as much against 50,000 rows' evidence as against 500's; what it guards against, fitting noise, depends
    /// on the rows each weight has to fit. On the accuracy suite's larger sets a fixed 3e-3 cost up to 20 points
    /// (87 classes from 3 features, 52k rows). 0 keeps λ on any number of rows. The rows counted are the ones trained on
    /// (after any <see cref="ValidationFraction"/> hold-out; streaming: the counting pass's usable rows).
    /// Default: 1 for the multiclass trainer (<see cref="Defaults.L2RowsPerWeight"/>), 0 for the binary and regression
    /// trainers. Wide inputs (more than 65,536 slots) have far more weights than rows, so their λ stays as it is.
    /// </summary>
    public float L2RowsPerWeight { get; set; } = Defaults.L2RowsPerWeight;

    /// <summary>
    /// Stop after this many epochs without an improvement of more than <see cref="Tolerance"/> in the
    /// validation loss (when there is validation data; the best epoch's weights are then kept) or
    /// else the training loss; 0 always runs <see cref="NumberOfEpochs"/>.
    /// </summary>
    public int Patience { get; set; } = Defaults.Patience;

    /// <summary>How much the monitored loss must improve to count as an improvement; 0 or more.</summary>
    public double Tolerance { get; set; } = Defaults.Tolerance;

    /// <summary>
    /// Fraction of the training rows held out (stratified by class for classifiers, at random for regression) as validation data for early
    /// stopping when <c>Fit(trainData, validationData)</c> is not used; 0 holds out nothing. In (0, 1) otherwise.
    /// </summary>
    public double ValidationFraction { get; set; }

    /// <summary>How the learning rate changes over epochs.</summary>
    public LearningRateSchedule LearningRateSchedule { get; set; } = Defaults.LearningRateSchedule;

    /// <summary>The exponent of <see cref="LearningRateSchedule.InverseScaling"/>; positive.</summary>
    public double PowerT { get; set; } = Defaults.PowerT;

    /// <summary>The factor <see cref="LearningRateSchedule.ReduceOnPlateau"/> multiplies the rate by; in (0, 1).</summary>
    public float PlateauFactor { get; set; } = Defaults.PlateauFactor;

    /// <summary>Epochs without improvement before <see cref="LearningRateSchedule.ReduceOnPlateau"/> reduces the rate; at least 1.</summary>
    public int PlateauPatience { get; set; } = Defaults.PlateauPatience;

    /// <summary>
    /// <see cref="TrainingDataMode.InMemory"/> (the default) reads the data once into memory: one dense
    /// float32 copy, or, when the features are mostly zeros (under 25% non-zero, as FeaturizeText,
    /// OneHotEncoding and hashing make), compressed sparse rows costing 8 bytes per non-zero, never
    /// rows x slots. <see cref="TrainingDataMode.Streaming"/> reads the rows through a cursor every
    /// epoch (sparse rows as their non-zeros), for data larger than memory.
    /// </summary>
    public TrainingDataMode DataMode { get; set; } = TrainingDataMode.InMemory;

    /// <summary>
    /// Standardise each feature to mean 0 and standard deviation 1 with statistics of the training
    /// rows (example-weighted, after any <c>ValidationFraction</c> hold-out; streaming adds one counting
    /// pass), and fold that map into the hidden layer's weights and biases at the end, so the model
    /// scores the raw features and its file format does not change. It makes the trainer indifferent to
    /// the normaliser in front of it (mean-variance without centring, min-max, none). False trains on
    /// the features as given, as the seed notebook does. With this on, data of at most 1,024 slots is held
    /// dense whatever its density, so one-hot tabular data is standardised too. Wider data that is mostly
    /// zeros (text, one-hot of many categories, hashing: see the README's wide-input notes) is held sparse
    /// and trained on as given whatever this says: centring would fill every row in.
    /// </summary>
    public bool StandardizeInputs { get; set; } = Defaults.StandardizeInputs;

    /// <summary>Rows held in the streaming shuffle window (rows are shuffled within it); at least 1.</summary>
    public int StreamingShuffleWindow { get; set; } = Defaults.StreamingShuffleWindow;

    /// <summary>How the weights are drawn before training.</summary>
    public WeightInitialization WeightInitialization { get; set; } = Defaults.WeightInitialization;

    /// <summary>The hidden layer's non-linearity.</summary>
    public HiddenActivation HiddenActivation { get; set; } = Defaults.HiddenActivation;

    /// <summary>Threads the kernels may use; null uses every core. Results do not depend on it.</summary>
    public int? NumberOfThreads { get; set; }

    /// <summary>Told about every finished epoch (called on the training thread); null for none.</summary>
    public IProgress<TrainingProgress>? Progress { get; set; }

    /// <summary>Stops training between two mini-batches with an <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>A copy, so later changes to this instance do not reach a trainer built from it.</summary>
    internal TwoLayerOptionsBase Clone()
    {
        var copy = (TwoLayerOptionsBase)MemberwiseClone();
        copy.CopyArraysFrom(this);
        return copy;
    }

    /// <summary>How errors name these options, for example <c>TwoLayerTrainer.Options</c>.</summary>
    private protected abstract string OptionsName { get; }

    /// <summary>Replaces arrays the shallow copy shares with <paramref name="source"/> by copies of them.</summary>
    private protected virtual void CopyArraysFrom(TwoLayerOptionsBase source)
    {
    }

    /// <summary>Every option check, in one place; throws naming the option and its value.</summary>
    internal virtual void Validate()
    {
        RequireName(LabelColumnName, nameof(LabelColumnName));
        RequireName(FeatureColumnName, nameof(FeatureColumnName));
        // The feature column's name is saved with the model, so it must survive UTF-8 unchanged.
        int loneSurrogate = Engine.Persistence.StrictUtf8.FindLoneSurrogate(FeatureColumnName);
        Require(loneSurrogate < 0, nameof(FeatureColumnName), FeatureColumnName,
            $"must be valid Unicode text, but it has a lone surrogate at index {loneSurrogate}, which UTF-8 cannot hold: the saved model would name another column. Rename the column (mlContext.Transforms.CopyColumns)");
        int nameBytes = loneSurrogate < 0 ? Engine.Persistence.StrictUtf8.GetByteCount(FeatureColumnName, nameof(FeatureColumnName)) : 0;
        Require(nameBytes <= MlNet.Persistence.TransformerPayload.MaxColumnNameBytes, nameof(FeatureColumnName), $"({nameBytes} UTF-8 bytes)",
            $"must take at most {MlNet.Persistence.TransformerPayload.MaxColumnNameBytes} UTF-8 bytes, the most a saved model holds. Rename the column (mlContext.Transforms.CopyColumns)");
        if (ExampleWeightColumnName != null)
        {
            RequireName(ExampleWeightColumnName, nameof(ExampleWeightColumnName));
        }
        Require(HiddenUnits >= 1 && HiddenUnits <= MaxHiddenUnits, nameof(HiddenUnits), HiddenUnits, $"must be between 1 and {MaxHiddenUnits}");
        Require(EnsembleSize >= 1 && EnsembleSize <= MaxEnsembleSize, nameof(EnsembleSize), EnsembleSize, $"must be between 1 (one network) and {MaxEnsembleSize}");
        Require((long)EnsembleSize * HiddenUnits <= MaxHiddenUnits, nameof(EnsembleSize), EnsembleSize,
            $"times HiddenUnits ({HiddenUnits}) is the merged model's hidden units and must be at most {MaxHiddenUnits}; use fewer members or hidden units");
        Require(float.IsFinite(LearningRate) && LearningRate > 0, nameof(LearningRate), LearningRate, "must be a positive finite number");
        Require(NumberOfEpochs >= 1, nameof(NumberOfEpochs), NumberOfEpochs, "must be at least 1");
        Require(BatchSize >= 0, nameof(BatchSize), BatchSize, "must be 0 (the whole data set) or positive");
        Require(Enum.IsDefined(Optimizer), nameof(Optimizer), Optimizer, "is not a known optimiser");
        Require(Momentum >= 0 && Momentum < 1, nameof(Momentum), Momentum, "must be in [0, 1)");
        Require(Beta1 >= 0 && Beta1 < 1, nameof(Beta1), Beta1, "must be in [0, 1)");
        Require(Beta2 >= 0 && Beta2 < 1, nameof(Beta2), Beta2, "must be in [0, 1)");
        Require(float.IsFinite(Epsilon) && Epsilon > 0, nameof(Epsilon), Epsilon, "must be a positive finite number");
        Require(float.IsFinite(L2Regularization) && L2Regularization >= 0, nameof(L2Regularization), L2Regularization, "must be a finite number, 0 or more");
        Require(float.IsFinite(L2RowsPerWeight) && L2RowsPerWeight >= 0, nameof(L2RowsPerWeight), L2RowsPerWeight, "must be 0 (λ on any number of rows) or a positive finite number");
        Require(Patience >= 0, nameof(Patience), Patience, "must be 0 (never stop early) or positive");
        Require(double.IsFinite(Tolerance) && Tolerance >= 0, nameof(Tolerance), Tolerance, "must be a finite number, 0 or more");
        Require(ValidationFraction == 0 || (ValidationFraction > 0 && ValidationFraction < 1), nameof(ValidationFraction), ValidationFraction, "must be 0 (none) or in (0, 1)");
        Require(Enum.IsDefined(LearningRateSchedule), nameof(LearningRateSchedule), LearningRateSchedule, "is not a known schedule");
        Require(double.IsFinite(PowerT) && PowerT > 0, nameof(PowerT), PowerT, "must be a positive finite number");
        Require(PlateauFactor > 0 && PlateauFactor < 1, nameof(PlateauFactor), PlateauFactor, "must be in (0, 1)");
        Require(PlateauPatience >= 1, nameof(PlateauPatience), PlateauPatience, "must be at least 1");
        Require(Enum.IsDefined(DataMode), nameof(DataMode), DataMode, "is not a known data mode");
        Require(StreamingShuffleWindow >= 1, nameof(StreamingShuffleWindow), StreamingShuffleWindow, "must be at least 1");
        Require(DataMode != TrainingDataMode.Streaming || ValidationFraction == 0, nameof(ValidationFraction), ValidationFraction,
            "must be 0 with DataMode Streaming (a hold-out needs the data in memory); pass validation data to Fit(trainData, validationData) instead");
        Require(Enum.IsDefined(WeightInitialization), nameof(WeightInitialization), WeightInitialization, "is not a known initialisation");
        Require(Enum.IsDefined(HiddenActivation), nameof(HiddenActivation), HiddenActivation, "is not a known activation");
        Require(NumberOfThreads is null or (>= 1 and <= MaxThreads), nameof(NumberOfThreads), NumberOfThreads, $"must be null (every core) or between 1 and {MaxThreads}");
    }

    /// <summary>The most threads accepted: each starts a worker thread with its own packing buffers, and results do not depend on the count.</summary>
    internal const int MaxThreads = 1024;

    /// <summary>The most ensemble members accepted: beyond a few dozen, averaging more seeds changes little and each costs a whole fit.</summary>
    internal const int MaxEnsembleSize = 64;

    /// <summary>The most hidden units accepted: a bound so that no per-row buffer can overflow, whatever the batch.</summary>
    internal const int MaxHiddenUnits = 1 << 20;

    /// <summary>
    /// The checks that need the data's sizes (known after the first pass): every buffer the fit will
    /// allocate must fit in one array. Same place and style as <see cref="Validate"/>: the message
    /// names the option, the size it would need and the largest value that works.
    /// </summary>
    /// <param name="inputs">Features per row.</param>
    /// <param name="outputs">Network outputs (classes for multiclass, 1 for binary and regression).</param>
    /// <param name="rows">Usable training rows.</param>
    /// <param name="streamingWindow">The shuffle window streaming will really use (already capped), or 0 in memory.</param>
    internal void ValidateAgainstData(int inputs, int outputs, long rows, int streamingWindow)
    {
        long limit = Array.MaxLength;
        long hidden = (long)HiddenUnits * EnsembleSize; // the merged model's hidden layer
        long parameters = inputs * hidden + hidden + hidden * outputs + outputs;
        if (parameters > limit)
        {
            long most = (limit - outputs) / ((long)inputs + 1 + outputs);
            string ensemble = EnsembleSize == 1 ? "" : $" (EnsembleSize {EnsembleSize} merges {hidden} hidden units)";
            throw new ArgumentOutOfRangeException(nameof(HiddenUnits), HiddenUnits,
                $"{OptionsName}.HiddenUnits is {HiddenUnits}{ensemble}: with {inputs} features and {outputs} outputs the network would need {parameters} weights, more than one array holds ({limit}). " +
                (most >= 1 ? $"Use at most {most} hidden units in all, or fewer features." : "Use fewer features (hash or select them)."));
        }
        bool streaming = DataMode == TrainingDataMode.Streaming;
        long batch = BatchSize == 0 ? (streaming ? streamingWindow : rows) : Math.Min(BatchSize, Math.Max(1, rows));
        // Per-batch buffers: hidden activations and their gradient (batch x hidden), scores
        // (batch x outputs) and gathered inputs (batch x features).
        long widest = Math.Max(Math.Max(HiddenUnits, outputs), inputs);
        if (batch * widest > limit)
        {
            string what = BatchSize == 0 ? (streaming ? $"0, one streaming window of {batch} rows per step" : $"0, the whole data set of {batch} rows per step") : BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize,
                $"{OptionsName}.BatchSize is {what}: a batch needs buffers of {batch} x {widest} = {batch * widest} values, more than one array holds ({limit}). " +
                $"Set BatchSize to at most {limit / widest}.");
        }
    }

    /// <summary>Throws naming the option, its value and the rule when <paramref name="condition"/> is false.</summary>
    private protected void Require(bool condition, string option, object? value, string rule)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(option, value, $"{OptionsName}.{option} {rule}; it is {value?.ToString() ?? "null"}.");
        }
    }

    private void RequireName(string? name, string option)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentOutOfRangeException(option, name, $"{OptionsName}.{option} must name a column; it is {(name == null ? "null" : "empty")}.");
        }
    }
}
