using Xunit;
using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

/// <summary>
/// The workers are named background threads. A foreground worker would keep an application alive after its
/// last line when the engine was never disposed (nothing else ends them: finalisers do not run at exit), and
/// no test noticed one: a test host is ended by its runner. Found by mutation testing.
/// </summary>
public class GemmWorkersThreadTests
{
    /// <summary>Two bands that wait for each other to start, so a worker runs one; each records its thread.</summary>
    private sealed class RecordingJob : IGemmParallelJob
    {
        private readonly CountdownEvent _bothStarted = new(2);
        public readonly Thread?[] ThreadOfSlot = new Thread?[2];

        public int Bands => 2;

        public void Execute(int band, int slot)
        {
            ThreadOfSlot[slot] = Thread.CurrentThread;
            _bothStarted.Signal();
            _bothStarted.Wait(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public void WorkersAreNamedBackgroundThreads()
    {
        var workers = new GemmWorkers(1);
        try
        {
            var job = new RecordingJob();
            workers.Run(job);
            Thread worker = Assert.IsType<Thread>(job.ThreadOfSlot[1]);
            Assert.True(worker.IsBackground, "a worker is a foreground thread: it would keep the process alive");
            Assert.Equal("GemmWorker1", worker.Name);
        }
        finally
        {
            workers.Stop();
        }
    }

    /// <summary>
    /// An idle worker stops spinning and blocks (the class's promise: an idle engine costs no CPU). A worker that
    /// polls forever gives every product the right bits, so only its thread state shows it: once blocked it waits
    /// without a break, which is checked as 100 ms of samples, within 10 s (spinning takes far less, even loaded).
    /// </summary>
    [Fact]
    public void AnIdleWorkerBlocks()
    {
        var workers = new GemmWorkers(1);
        try
        {
            var job = new RecordingJob();
            workers.Run(job);
            Thread worker = Assert.IsType<Thread>(job.ThreadOfSlot[1]);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            int waitingSamples = 0;
            while (waitingSamples < 20 && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                Thread.Sleep(5);
                waitingSamples = (worker.ThreadState & ThreadState.WaitSleepJoin) != 0 ? waitingSamples + 1 : 0;
            }
            Assert.True(waitingSamples >= 20, "an idle worker kept polling instead of blocking");
        }
        finally
        {
            workers.Stop();
        }
    }
}
