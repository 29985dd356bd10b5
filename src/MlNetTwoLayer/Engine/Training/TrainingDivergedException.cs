namespace MlNetTwoLayer;

/// <summary>Thrown when the loss becomes NaN or infinite; no model full of NaN is ever returned.</summary>
public sealed class TrainingDivergedException : InvalidOperationException
{
    /// <summary>Creates the exception for the epoch at which the loss stopped being finite.</summary>
    public TrainingDivergedException(int epoch, double loss, float learningRate)
        : base($"Training diverged at epoch {epoch}: the loss became {loss}. Try a smaller LearningRate (it is {learningRate}), normalise the features, or add L2Regularization.")
    {
        Epoch = epoch;
    }

    /// <summary>The 1-based epoch at which the loss was first non-finite.</summary>
    public int Epoch { get; }
}
