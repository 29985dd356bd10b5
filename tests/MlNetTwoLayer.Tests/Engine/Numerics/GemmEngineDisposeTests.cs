using Xunit;
using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

public class GemmEngineDisposeTests
{
    [Fact]
    public void DisposedEngineRefusesWorkAndDisposeIsIdempotent()
    {
        var engine = new GemmEngine(threads: 2);
        float[] a = new float[4], b = new float[4], c = new float[4];
        engine.Multiply(false, false, 2, 2, 2, a, 2, b, 2, c, 2, accumulate: false);
        engine.Dispose();
        engine.Dispose();
        Assert.Throws<ObjectDisposedException>(() => engine.Multiply(false, false, 2, 2, 2, a, 2, b, 2, c, 2, accumulate: false));
    }
}
