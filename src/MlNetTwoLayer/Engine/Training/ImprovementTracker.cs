namespace MlNetTwoLayer.Engine.Training;

/// <summary>
/// The patience rule shared by early stopping and reduce-on-plateau: a loss counts as better only
/// when it beats the best so far by more than the tolerance.
/// </summary>
internal sealed class ImprovementTracker
{
    private readonly double _tolerance;
    private readonly int _patience;

    /// <summary>Patience 0 never asks to stop.</summary>
    public ImprovementTracker(int patience, double tolerance)
    {
        _patience = patience;
        _tolerance = tolerance;
    }

    /// <summary>The lowest loss seen.</summary>
    public double Best { get; private set; } = double.PositiveInfinity;

    /// <summary>The epoch of <see cref="Best"/>, 0 before any.</summary>
    public int BestEpoch { get; private set; }

    /// <summary>Epochs since the last improvement.</summary>
    public int EpochsWithoutImprovement { get; private set; }

    /// <summary>True when patience has run out.</summary>
    public bool Exhausted => _patience > 0 && EpochsWithoutImprovement >= _patience;

    /// <summary>Records an epoch's loss; true when it is the lowest so far (worth keeping the weights).</summary>
    public bool Observe(int epoch, double loss)
    {
        bool significant = loss < Best - _tolerance;
        bool newBest = loss < Best;
        if (newBest)
        {
            Best = loss;
            BestEpoch = epoch;
        }
        EpochsWithoutImprovement = significant ? 0 : EpochsWithoutImprovement + 1;
        return newBest;
    }

    /// <summary>Starts counting patience again (after the learning rate was reduced).</summary>
    public void ResetPatience() => EpochsWithoutImprovement = 0;
}
