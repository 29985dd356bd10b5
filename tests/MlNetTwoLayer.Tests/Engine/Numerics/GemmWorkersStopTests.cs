using Xunit;
using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

/// <summary>
/// Disposing an engine ends its worker threads, whether they are spinning or blocked. The threads are
/// background threads, so a leak never fails a test by itself (the process still exits); without this
/// test every Numerics test passed with <c>Dispose</c> not stopping the workers, found by mutation testing.
/// </summary>
public class GemmWorkersStopTests
{
    private sealed class TwoBands : IGemmParallelJob
    {
        public int Runs;

        public int Bands => 2;

        public void Execute(int band, int slot) => Interlocked.Increment(ref Runs);
    }

    [Theory]
    [InlineData(0)]    // workers still spinning after the job
    [InlineData(200)]  // long enough for them to stop spinning and block
    public void DisposeEndsTheWorkerThreads(int idleMilliseconds)
    {
        var engine = new GemmEngine(threads: 3);
        var job = new TwoBands();
        engine.RunParallel(job);
        Assert.Equal(2, job.Runs);
        GemmWorkers workers = Assert.IsType<GemmWorkers>(engine.Workers);
        Thread.Sleep(idleMilliseconds);
        engine.Dispose();
        // Generous: a thread that was stopped ends within microseconds on an idle machine.
        Assert.True(workers.WaitForThreadsToEnd(TimeSpan.FromSeconds(20)), "a worker thread is still running after Dispose");
    }

    [Fact]
    public void StopEndsThreadsThatNeverRanAJob()
    {
        var workers = new GemmWorkers(2);
        workers.Stop();
        Assert.True(workers.WaitForThreadsToEnd(TimeSpan.FromSeconds(20)), "a worker thread is still running after Stop");
    }
}
