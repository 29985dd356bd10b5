namespace MlNetTwoLayer.Engine.Network;

/// <summary>Builds a head from what a settings object or a model file says about it.</summary>
internal static class OutputHeads
{
    /// <summary>The head of <paramref name="kind"/>; <paramref name="scaling"/> and <paramref name="huberDelta"/> are used by the heads that have them.</summary>
    public static IOutputHead Create(OutputHeadKind kind, TargetScaling scaling, float huberDelta) => kind switch
    {
        OutputHeadKind.SoftmaxCrossEntropy => SoftmaxCrossEntropyHead.Instance,
        OutputHeadKind.SigmoidBinaryCrossEntropy => SigmoidBinaryCrossEntropyHead.Instance,
        OutputHeadKind.IdentitySquaredError => new IdentitySquaredErrorHead(scaling),
        OutputHeadKind.IdentityHuber => new IdentityHuberHead(scaling, huberDelta),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown output head."),
    };

    /// <summary>The Huber threshold of <paramref name="head"/>, 0 for heads without one (what model files store).</summary>
    public static float HuberDelta(IOutputHead head) => head is IdentityHuberHead huber ? huber.Delta : 0f;

    /// <summary>True for the heads that learn real-valued targets.</summary>
    public static bool IsRegression(OutputHeadKind kind) => kind is OutputHeadKind.IdentitySquaredError or OutputHeadKind.IdentityHuber;
}
