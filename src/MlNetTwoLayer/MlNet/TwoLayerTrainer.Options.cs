namespace MlNetTwoLayer;

public sealed partial class TwoLayerTrainer
{
    /// <summary>Options of <see cref="TwoLayerTrainer"/>, the multiclass trainer: every shared option (<see cref="TwoLayerOptionsBase"/>) and class weighting.</summary>
    public sealed class Options : TwoLayerClassifierOptionsBase
    {
        /// <summary>"TwoLayerTrainer.Options", as errors name it.</summary>
        private protected override string OptionsName => "TwoLayerTrainer.Options";

        /// <summary>A copy, so later changes to this instance do not reach a trainer built from it.</summary>
        internal new Options Clone() => (Options)base.Clone();
    }
}
