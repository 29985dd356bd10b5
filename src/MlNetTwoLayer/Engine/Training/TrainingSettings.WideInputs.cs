using MlNetTwoLayer.Engine.Network;
using MlNetTwoLayer.Engine.Optimizers;

namespace MlNetTwoLayer.Engine.Training;

internal sealed partial record TrainingSettings
{
    /// <summary>
    /// What the defaults become for wide inputs (text, one-hot, hashing: more than
    /// <see cref="WideInputs.Threshold"/> slots). The ordinary defaults (100 hidden units, up to 200
    /// epochs, stopping on the training loss) are sized for dense numeric data: on 500,000 slots
    /// they make W1 50 M weights (200 MB, 600 MB with Adam's moments) and run dozens of epochs
    /// that only memorise the training set. For wide inputs, settings left at their defaults become:
    /// <list type="bullet">
    /// <item><see cref="WideInputs.HiddenUnits"/> = 16 hidden units (fastText's classifier uses 10; on the
    /// text benchmark 16 beat 100 in accuracy at a sixth of the memory): 500,000 inputs make W1 8 M
    /// weights, 32 MB, 96 MB with Adam's moments.</item>
    /// <item>at most <see cref="WideInputs.Epochs"/> = 10 epochs, with a stratified
    /// <see cref="WideInputs.ValidationFraction"/> = 10% hold-out and <see cref="WideInputs.Patience"/> = 2:
    /// text models fit in a few epochs and then overfit, so training stops when the validation loss
    /// turns and keeps the best epoch.</item>
    /// <item>learning rate <see cref="WideInputs.LearningRate"/> = 0.001 with Adam (the default optimiser),
    /// <see cref="WideInputs.GradientDescentLearningRate"/> = 0.2 with plain gradient descent and
    /// <see cref="WideInputs.MomentumLearningRate"/> = 0.02 with classical or Nesterov momentum (the same
    /// step as 0.2 at the default momentum 0.9), and L2 <see cref="WideInputs.L2Regularization"/> = 1e-5
    /// in place of 0.01 and 3e-3 (the one-output trainers' 0.001 and 1e-2). The multiclass L2 default was chosen on standardised dense tables; on
    /// text it is applied to every touched W1 row at every step and drowns the rare n-grams that carry
    /// the signal (test accuracy 0.744 on the 50k-document benchmark corpus, against 0.941 with 1e-4 and
    /// 0.959 with 1e-5), and a smaller rate lets Adam's first steps on rare rows overshoot less
    /// (at L2 1e-5: 0.959 at rate 0.01, 0.970 at 0.003, 0.975 at 0.001; on a 10k-document corpus 0.9605
    /// at 0.003 and 0.9635 at 0.001). Tuned on the generated corpora only (benchmarks/MlNetTwoLayer.TextBenchmark).
    /// Gradient descent needs a rate two orders larger: its steps scale with the gradient, which for
    /// a W1 row is a text feature's value (about 0.04 in an L2-normalised row of 700 n-grams) times the
    /// hidden gradient, even averaged over only the batch rows holding the feature (what the sparse
    /// step does for these optimisers, see <c>SparseTrainingStep</c>); Adam divides each step by its gradient's own scale.
    /// Plain gradient descent at 0.1 / 0.2 / 0.5: 0.711 / 0.712 / 0.698 on the fortunes (SDCA 0.680), 0.971 / 0.973 / 0.967 on
    /// the 10k-document corpus; classical momentum at 0.02 / 0.05: 0.712 / 0.678 and 0.974 / 0.964.</item>
    /// </list>
    /// </summary>
    public static class WideInputs
    {
        /// <summary>Inputs above this many slots count as wide.</summary>
        public const int Threshold = 65_536;

        /// <summary>Hidden units for wide inputs.</summary>
        public const int HiddenUnits = 16;

        /// <summary>Most epochs for wide inputs.</summary>
        public const int Epochs = 10;

        /// <summary>Hold-out for early stopping on wide inputs (in memory only; streaming stops on the training loss).</summary>
        public const double ValidationFraction = 0.1;

        /// <summary>Early-stopping patience for wide inputs.</summary>
        public const int Patience = 2;

        /// <summary>Learning rate for wide inputs (Adam).</summary>
        public const float LearningRate = 0.001f;

        /// <summary>Learning rate for wide inputs with plain gradient descent.</summary>
        public const float GradientDescentLearningRate = 0.2f;

        /// <summary>Learning rate for wide inputs with classical or Nesterov momentum.</summary>
        public const float MomentumLearningRate = 0.02f;

        /// <summary>The wide learning rate for <paramref name="optimizer"/>.</summary>
        public static float LearningRateFor(OptimizerKind optimizer) => optimizer switch
        {
            OptimizerKind.GradientDescent => GradientDescentLearningRate,
            OptimizerKind.ClassicalMomentum or OptimizerKind.Nesterov => MomentumLearningRate,
            _ => LearningRate,
        };

        /// <summary>L2 penalty for wide inputs (applied lazily to the touched W1 rows).</summary>
        public const float L2Regularization = 1e-5f;
    }

    /// <summary>
    /// These settings with the wide-input defaults (<see cref="WideInputs"/>) in place of every
    /// member still at its ordinary default, when <paramref name="inputs"/> is wide; else unchanged.
    /// </summary>
    /// <param name="inputs">Slots per row.</param>
    /// <param name="hasValidationData">Validation data was given, so no hold-out is made.</param>
    /// <param name="streaming">Rows are streamed, so no hold-out can be made.</param>
    /// <remarks>
    /// A binary or regression network (<see cref="Head"/> other than softmax) has its own learning-rate and
    /// L2 defaults, <see cref="Defaults.SingleOutputLearningRate"/> and <see cref="Defaults.SingleOutputL2Regularization"/>:
    /// values still at those count as defaults too. (Binary text, first topic against the rest of the
    /// 10k-document benchmark corpus: L2 1e-2 0.896, below the majority class 0.902; 1e-4 0.927; 1e-5 0.933; SDCA 0.943.)
    /// </remarks>
    public TrainingSettings ForInputWidth(int inputs, bool hasValidationData, bool streaming)
    {
        if (inputs <= WideInputs.Threshold)
        {
            return this;
        }
        bool holdOut = !hasValidationData && !streaming && ValidationFraction == Defaults.ValidationFraction;
        bool singleOutput = Head != OutputHeadKind.SoftmaxCrossEntropy;
        float defaultRate = singleOutput ? Defaults.SingleOutputLearningRate : Defaults.LearningRate;
        float defaultL2 = singleOutput ? Defaults.SingleOutputL2Regularization : Defaults.L2Regularization;
        return this with
        {
            HiddenUnits = HiddenUnits == Defaults.HiddenUnits ? WideInputs.HiddenUnits : HiddenUnits,
            Epochs = Epochs == Defaults.Epochs ? WideInputs.Epochs : Epochs,
            Patience = Patience == Defaults.Patience ? WideInputs.Patience : Patience,
            LearningRate = LearningRate == defaultRate ? WideInputs.LearningRateFor(Optimizer) : LearningRate,
            L2Regularization = L2Regularization == defaultL2 ? WideInputs.L2Regularization : L2Regularization,
            ValidationFraction = holdOut ? WideInputs.ValidationFraction : ValidationFraction,
        };
    }
}
