using System.Diagnostics;

namespace MlNetTwoLayer.Engine.Numerics;

/// <summary>A unit of parallel work cut into bands that touch disjoint outputs.</summary>
internal interface IGemmParallelJob
{
    /// <summary>How many bands the current product is cut into.</summary>
    int Bands { get; }

    /// <summary>Runs band <paramref name="band"/> with the scratch buffers of thread slot <paramref name="slot"/>.</summary>
    void Execute(int band, int slot);
}

/// <summary>
/// A fixed set of background threads that help the caller run the bands of one job at a time.
/// Bands are claimed from a shared ticket, so on a busy machine a worker that is not scheduled in
/// time simply claims nothing and the caller does the work (results do not depend on who computes a
/// band). Nothing is allocated per job. Workers spin briefly (products in a training step come
/// microseconds apart), then block, so an idle engine costs no CPU.
/// </summary>
/// <remarks>The threads reference this object and never the engine, so an abandoned engine can be
/// finalised, and its finaliser calls <see cref="Stop"/>.</remarks>
internal sealed class GemmWorkers
{
    /// <summary>
    /// <see cref="SpinWait"/> rounds before blocking: after the first few each round yields the core,
    /// so this is a few hundred microseconds, longer than the gaps within a training step.
    /// </summary>
    private const int SpinLimit = 200;

    private readonly object _gate = new();
    private IGemmParallelJob? _job;
    private int _generation;

    /// <summary>High 32 bits: the generation the bands belong to; low 32 bits: the next unclaimed band.</summary>
    private long _ticket;
    private int _done;
    private bool _callerBlocked;
    private volatile bool _stopping;
    private readonly Thread[] _threads;

    /// <summary>Starts <paramref name="workers"/> background threads, for thread slots 1..workers.</summary>
    public GemmWorkers(int workers)
    {
        _threads = new Thread[workers];
        for (int w = 1; w <= workers; w++)
        {
            int slot = w;
            var thread = new Thread(() => Loop(slot)) { IsBackground = true, Name = $"GemmWorker{slot}" };
            _threads[w - 1] = thread;
            thread.Start();
        }
    }

    /// <summary>Waits up to <paramref name="timeout"/> for every thread to end (after <see cref="Stop"/>); whether they all did.</summary>
    /// <remarks>For tests: a stopped engine must not leave threads behind, and nothing else shows whether they ended.</remarks>
    internal bool WaitForThreadsToEnd(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        foreach (Thread thread in _threads)
        {
            TimeSpan left = timeout - clock.Elapsed;
            if (!thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Whether, in the last <see cref="Run"/>, the caller waited for workers longer than it worked itself.</summary>
    /// <remarks>That happens when a worker that claimed a band was descheduled (another process has the
    /// other core): the caller alone would have been faster.</remarks>
    public bool LastRunStalled { get; private set; }

    /// <summary>Runs every band of <paramref name="job"/> (the caller works as slot 0) and returns when all are done.</summary>
    public void Run(IGemmParallelJob job)
    {
        long start = Stopwatch.GetTimestamp();
        int bands = job.Bands;
        int generation = _generation + 1;
        _job = job;
        Volatile.Write(ref _done, 0);
        // Publishing the ticket makes the job visible: claims are made against it.
        Volatile.Write(ref _ticket, (long)generation << 32);
        lock (_gate)
        {
            _generation = generation;
            Monitor.PulseAll(_gate);
        }
        Participate(generation, 0);
        long ownEnd = Stopwatch.GetTimestamp();
        var spinner = new SpinWait();
        while (Volatile.Read(ref _done) != bands)
        {
            if (spinner.Count < SpinLimit)
            {
                // SpinOnce soon yields the core: on an oversubscribed machine the worker we wait for
                // may be queued behind us on this very core.
                spinner.SpinOnce(sleep1Threshold: -1);
                continue;
            }
            lock (_gate)
            {
                _callerBlocked = true;
                while (Volatile.Read(ref _done) != bands)
                {
                    Monitor.Wait(_gate);
                }
                _callerBlocked = false;
            }
        }
        // Close the ticket: a straggler still holding this generation's last ticket would otherwise win
        // its compare-exchange once the engine has prepared the next product (whose Bands it then reads)
        // but before that product's ticket is published, and run a band of it twice.
        Volatile.Write(ref _ticket, ((long)generation << 32) | int.MaxValue);
        LastRunStalled = Stopwatch.GetTimestamp() - ownEnd > ownEnd - start;
    }

    /// <summary>Lets the threads exit.</summary>
    public void Stop()
    {
        _stopping = true;
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Claims and runs bands of <paramref name="generation"/> until none are left.</summary>
    private void Participate(int generation, int slot)
    {
        while (true)
        {
            long ticket = Volatile.Read(ref _ticket);
            IGemmParallelJob? job = _job;
            if ((int)(ticket >> 32) != generation || job == null || (int)ticket >= job.Bands)
            {
                return;
            }
            // A successful claim pins the generation: the caller cannot move on until this band is done.
            if (Interlocked.CompareExchange(ref _ticket, ticket + 1, ticket) != ticket)
            {
                continue;
            }
            job.Execute((int)ticket, slot);
            if (Interlocked.Increment(ref _done) == job.Bands && slot != 0)
            {
                lock (_gate)
                {
                    if (_callerBlocked)
                    {
                        Monitor.PulseAll(_gate);
                    }
                }
            }
        }
    }

    private void Loop(int slot)
    {
        int seen = 0;
        while (true)
        {
            var spinner = new SpinWait();
            while (Volatile.Read(ref _generation) == seen && !_stopping)
            {
                if (spinner.Count < SpinLimit)
                {
                    spinner.SpinOnce(sleep1Threshold: -1);
                    continue;
                }
                lock (_gate)
                {
                    while (Volatile.Read(ref _generation) == seen && !_stopping)
                    {
                        Monitor.Wait(_gate);
                    }
                }
            }
            if (_stopping)
            {
                return;
            }
            seen = Volatile.Read(ref _generation);
            Participate(seen, slot);
        }
    }
}
