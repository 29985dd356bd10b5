using MlNetTwoLayer.Network;
using MlNetTwoLayer.Optimizers;

namespace MlNetTwoLayer.Training;

/// <summary>
/// Everything the training loop needs, free of ML.NET types. Built from the public options after
/// they have been validated, so nothing here is checked again.
/// </summary>
internal sealed record TrainingSettings
{
    /// <summary>Hidden units.</summary>
    public required int HiddenUnits { get; init; }

    /// <summary>Step size.</summary>
    public required float LearningRate { get; init; }

    /// <summary>Passes over the data.</summary>
    public required int Epochs { get; init; }

    /// <summary>Rows per step; 0 = the whole data set (full-batch gradient descent).</summary>
    public required int BatchSize { get; init; }

    /// <summary>Reshuffle the rows every epoch.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>The seed every random draw derives from.</summary>
    public required int Seed { get; init; }

    /// <summary>The update rule.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Momentum μ for the momentum rules.</summary>
    public float Momentum { get; init; } = 0.9f;

    /// <summary>Adam's β1.</summary>
    public float Beta1 { get; init; } = 0.9f;

    /// <summary>Adam's β2.</summary>
    public float Beta2 { get; init; } = 0.999f;

    /// <summary>Adam's ε.</summary>
    public float Epsilon { get; init; } = 1e-8f;

    /// <summary>L2 penalty λ on weights.</summary>
    public float L2Regularization { get; init; }

    /// <summary>How weights are drawn when training starts from scratch.</summary>
    public WeightInitialization Initialization { get; init; } = WeightInitialization.He;

    /// <summary>The hidden non-linearity.</summary>
    public HiddenActivation Activation { get; init; } = HiddenActivation.Relu;

    /// <summary>Threads the kernels may use.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Checked between mini-batches.</summary>
    public CancellationToken CancellationToken { get; init; }
}
