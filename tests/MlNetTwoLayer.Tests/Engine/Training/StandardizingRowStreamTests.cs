using MlNetTwoLayer.Engine.Data;
using MlNetTwoLayer.Engine.Training;
using Xunit;

namespace MlNetTwoLayer.Tests.Engine.Training;

/// <summary>
/// The standardising stream learns its statistics from every row of the inner stream, wherever that
/// stream was left, and then serves each row standardised, through both reading overloads, ending
/// where the inner stream ends.
/// </summary>
public class StandardizingRowStreamTests
{
    [Fact]
    public void StatisticsComeFromEveryRowEvenWhenTheInnerStreamWasAlreadyRead()
    {
        using var inner = new FourRows();
        Span<float> row = stackalloc float[2];
        while (inner.Next(row, out _, out _))
        {
        }

        var standardizing = StandardizingRowStream.Create(inner);

        // Rows (r, 2r + 1), r = 0…3: mean (1.5, 4); population σ √1.25 and 2√1.25.
        Assert.Equal([1.5, 4.0], standardizing.Standardizer.Mean.ToArray());
        Assert.Equal(1 / Math.Sqrt(1.25), standardizing.Standardizer.Scale[0], 12);
        Assert.Equal(1 / (2 * Math.Sqrt(1.25)), standardizing.Standardizer.Scale[1], 12);
    }

    [Fact]
    public void BothOverloadsServeEveryRowStandardisedAndStopAtTheEnd()
    {
        using var inner = new FourRows();
        var standardizing = StandardizingRowStream.Create(inner);
        Span<float> row = stackalloc float[2];

        standardizing.Restart();
        var firsts = new List<float>();
        while (firsts.Count <= 4 && standardizing.Next(row, out int label, out float weight))
        {
            Assert.Equal(firsts.Count % 2, label);
            Assert.Equal(1f, weight);
            Assert.Equal(row[0], row[1], 5); // both features standardise to (r − 1.5)/√1.25
            firsts.Add(row[0]);
        }
        standardizing.Restart();
        var targets = new List<float>();
        while (targets.Count <= 4 && standardizing.Next(row, out _, out float target, out _))
        {
            Assert.Equal((float)((targets.Count - 1.5) / Math.Sqrt(1.25)), row[0], 5);
            targets.Add(target);
        }

        Assert.Equal(4, firsts.Count);
        Assert.Equal([-1.5f, -0.5f, 0.5f, 1.5f], firsts.Select(f => MathF.Round(f * MathF.Sqrt(1.25f), 4)));
        Assert.Equal([10f, 11f, 12f, 13f], targets); // the regression target is forwarded, not the class index
    }

    /// <summary>Rows r = 0…3: features (r, 2r + 1), label r mod 2, target 10 + r, weight 1.</summary>
    private sealed class FourRows : IRowStream
    {
        private int _next;

        public int Inputs => 2;

        public bool Weighted => false;

        public void Restart() => _next = 0;

        public bool Next(Span<float> features, out int label, out float weight) => Next(features, out label, out _, out weight);

        public bool Next(Span<float> features, out int label, out float target, out float weight)
        {
            (label, target, weight) = (0, 0, 1);
            if (_next == 4)
            {
                return false;
            }
            features[0] = _next;
            features[1] = 2 * _next + 1;
            label = _next % 2;
            target = 10 + _next;
            _next++;
            return true;
        }

        public void Dispose()
        {
        }
    }
}
