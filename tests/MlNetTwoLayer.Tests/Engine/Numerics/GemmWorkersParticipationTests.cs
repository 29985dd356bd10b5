using System.Collections.Concurrent;
using Xunit;
using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

/// <summary>
/// The workers really run bands, also after they have gone to sleep. Every other thread test checks the
/// bits or that the parallel path was entered, and the caller runs every band a worker does not claim,
/// so workers that never woke (a wrong wait condition, found by mutation testing) passed them all.
/// </summary>
public class GemmWorkersParticipationTests
{
    /// <summary>Two bands; whoever runs one first waits (up to a generous limit) until the other is run by another thread slot.</summary>
    private sealed class MeetingJob : IGemmParallelJob
    {
        public readonly ConcurrentDictionary<int, int> SlotOfBand = new();
        private readonly CountdownEvent _both = new(2);

        public int Bands => 2;

        public void Reset() => _both.Reset();

        public void Execute(int band, int slot)
        {
            SlotOfBand[band] = slot;
            _both.Signal();
            // The caller (slot 0) must not take the second band itself while a worker exists: it waits here.
            _both.Wait(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public void AWorkerRunsABandOfEveryJobEvenAfterSleeping()
    {
        var workers = new GemmWorkers(1);
        try
        {
            var job = new MeetingJob();
            for (int round = 0; round < 3; round++)
            {
                job.SlotOfBand.Clear();
                job.Reset();
                workers.Run(job);
                Assert.Equal(new[] { 0, 1 }, job.SlotOfBand.Values.Order());
                // Long enough for the worker to stop spinning and block: the next job must wake it.
                Thread.Sleep(50);
            }
        }
        finally
        {
            workers.Stop();
        }
    }
}
