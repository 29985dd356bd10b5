using MlNetTwoLayer.Engine.Optimizers;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Optimizers;

/// <summary>The factory builds the rule its kind names (the update values are OptimizerStepTests' business).</summary>
public class OptimizerFactoryTests
{
    [Fact]
    public void EachKindBuildsItsRuleAndAnUnknownKindIsNamed()
    {
        Assert.IsType<AdamOptimizer>(OptimizerFactory.Create(OptimizerKind.Adam, 3, 0.9f, 0.9f, 0.999f, 1e-8f));
        Assert.IsType<GradientDescentOptimizer>(OptimizerFactory.Create(OptimizerKind.GradientDescent, 3, 0.9f, 0.9f, 0.999f, 1e-8f));
        // Mutation testing found the message of this unreachable-through-the-trainer arm unchecked.
        var ex = Assert.Throws<ArgumentOutOfRangeException>("kind", () => OptimizerFactory.Create((OptimizerKind)99, 3, 0.9f, 0.9f, 0.999f, 1e-8f));
        Assert.Contains("Unknown optimiser", ex.Message);
        Assert.Equal((OptimizerKind)99, ex.ActualValue);
    }
}
