namespace MlNetTwoLayer.Engine.Network;

/// <summary>What the regression heads share: mapping outputs back to the label's units.</summary>
internal static class RegressionHeads
{
    /// <summary>y = s·scale + offset for the first <paramref name="rows"/> values, in place.</summary>
    public static void ToLabels(TargetScaling scaling, Span<float> scores, int rows)
    {
        for (int r = 0; r < rows; r++)
        {
            scores[r] = scaling.ToLabel(scores[r]);
        }
    }
}
