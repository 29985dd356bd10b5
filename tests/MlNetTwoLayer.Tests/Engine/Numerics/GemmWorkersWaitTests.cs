using Xunit;
using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

/// <summary>
/// <see cref="GemmWorkers.Run"/> returns only when every band is done, also when a worker's band outlasts the
/// caller's spinning so the caller blocks and must be woken. In every other test the caller's own band ends
/// last or the worker's ends within the spin, so a Run that returned early, or a caller never woken, passed them.
/// </summary>
public class GemmWorkersWaitTests
{
    /// <summary>Two bands that wait for each other to start (so a worker runs one); a worker's band then lasts until the caller blocks.</summary>
    private sealed class SlowWorkerBand : IGemmParallelJob
    {
        private readonly CountdownEvent _bothStarted = new(2);
        public readonly bool[] Done = new bool[2];
        public readonly int[] Slot = { -1, -1 };
        public Thread? Caller;

        public int Bands => 2;

        public void Execute(int band, int slot)
        {
            Slot[band] = slot;
            _bothStarted.Signal();
            _bothStarted.Wait(TimeSpan.FromSeconds(20));
            if (slot != 0)
            {
                // Until the caller has stopped spinning and blocked (waiting without a break for 100 ms; at most
                // 10 s, spinning takes far less even on a loaded machine): it must then be woken by this band's end.
                var clock = System.Diagnostics.Stopwatch.StartNew();
                int waitingChecks = 0;
                while (waitingChecks < 20 && clock.Elapsed < TimeSpan.FromSeconds(10))
                {
                    Thread.Sleep(5);
                    waitingChecks = (Caller!.ThreadState & ThreadState.WaitSleepJoin) != 0 ? waitingChecks + 1 : 0;
                }
            }
            Volatile.Write(ref Done[band], true);
        }
    }

    [Fact]
    public void RunReturnsOnlyWhenAWorkersSlowBandIsDone()
    {
        var workers = new GemmWorkers(1);
        try
        {
            for (int round = 0; round < 2; round++)
            {
                var job = new SlowWorkerBand();
                // On a thread of its own, so a caller that is never woken fails the test instead of hanging it.
                var caller = new Thread(() => workers.Run(job)) { IsBackground = true };
                job.Caller = caller;
                caller.Start();
                Assert.True(caller.Join(TimeSpan.FromSeconds(30)), "Run never returned: the caller was not woken");
                Assert.Equal(new[] { 0, 1 }, job.Slot.Order());
                Assert.True(Volatile.Read(ref job.Done[0]) && Volatile.Read(ref job.Done[1]), "Run returned before every band was done");
            }
        }
        finally
        {
            workers.Stop();
        }
    }
}
