using System.Collections.Concurrent;
using Xunit;
using Xunit.Abstractions;
using MlNetTwoLayer.Engine.Numerics;

namespace MlNetTwoLayer.Tests.Engine.Numerics;

/// <summary>
/// A worker descheduled between reading the last ticket of a product and claiming it must not run a
/// band of the next product (found in review: the next product's Bands were read before its ticket
/// was published, so a stale compare-exchange could win and a band ran twice).
/// </summary>
public class GemmWorkersRaceTests(ITestOutputHelper output)
{
    /// <summary>A job whose Bands getter widens the (real) window between Prepare and the ticket publish.</summary>
    private sealed class RaceJob : IGemmParallelJob
    {
        public volatile int Phase = 1;          // 1 = first product, 2 = second product
        public int BandsValue = 2;
        public readonly ManualResetEventSlim WorkerClaimed = new(), Prepared = new();
        public readonly ConcurrentQueue<string> Log = new();
        private int _workerGetterCallsAfterExec = -1;

        public int Bands
        {
            get
            {
                bool worker = Thread.CurrentThread.Name?.StartsWith("GemmWorker") == true;
                if (worker && _workerGetterCallsAfterExec >= 0 && ++_workerGetterCallsAfterExec == 2)
                {
                    Prepared.Wait(5000);   // the straggler is descheduled here...
                }
                if (!worker && Phase == 2 && !Prepared.IsSet)
                {
                    Prepared.Set();        // ...and wakes after the caller's Prepare, before it publishes the ticket
                    Thread.Sleep(300);
                }
                return BandsValue;
            }
        }

        public void Execute(int band, int slot)
        {
            Log.Enqueue($"phase {Phase}: band {band} by slot {slot}");
            if (slot != 0 && Phase == 1)
            {
                WorkerClaimed.Set();
                _workerGetterCallsAfterExec = 0;
            }
            if (slot == 0 && Phase == 1)
            {
                WorkerClaimed.Wait(5000);
            }
        }
    }

    [Fact]
    public void AStragglerNeverRunsABandOfTheNextProduct()
    {
        var workers = new GemmWorkers(1);
        var job = new RaceJob();
        workers.Run(job);                       // product 1: 2 bands
        job.Phase = 2;
        job.BandsValue = 3;                     // GemmParallelJob.Prepare for product 2: 3 bands
        var run = Task.Run(() => workers.Run(job));
#pragma warning disable xUnit1031 // the test must block: it controls the threads
        bool finished = run.Wait(5000);
#pragma warning restore xUnit1031
        workers.Stop();
        foreach (string line in job.Log) output.WriteLine(line);
        output.WriteLine($"second Run finished: {finished}");
        int band2 = job.Log.Count(l => l == "phase 2: band 2 by slot 1" || l == "phase 2: band 2 by slot 0");
        Assert.True(band2 == 1 && finished, $"band 2 of product 2 ran {band2} times; Run finished: {finished}");
    }
}
