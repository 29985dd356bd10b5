namespace MlNetTwoLayer.Numerics;

/// <summary>A unit of parallel work: part 0 runs on the caller, parts 1.. on workers.</summary>
internal interface IGemmParallelJob
{
    /// <summary>Runs part <paramref name="part"/>; parts touch disjoint outputs.</summary>
    void Execute(int part);
}

/// <summary>
/// A fixed set of background threads that run the parts of one job at a time. Nothing is allocated
/// per job: the job object is reused and the hand-off is a generation counter. Workers spin briefly
/// (products in a training loop come back to back, microseconds apart) and then block, so an idle
/// engine costs no CPU.
/// </summary>
/// <remarks>The threads reference this object and never the engine, so an abandoned engine can be
/// finalised, and its finaliser calls <see cref="Stop"/>.</remarks>
internal sealed class GemmWorkers
{
    /// <summary>Spin iterations before blocking: about 50 µs, longer than the gaps within a training step.</summary>
    private const int SpinLimit = 2000;

    private readonly object _gate = new();
    private IGemmParallelJob? _job;
    private int _parts;
    private int _generation;
    private int _pending;
    private volatile bool _stopping;

    /// <summary>Starts <paramref name="workers"/> background threads.</summary>
    public GemmWorkers(int workers)
    {
        for (int w = 0; w < workers; w++)
        {
            int part = w + 1;
            var thread = new Thread(() => Loop(part)) { IsBackground = true, Name = $"GemmWorker{part}" };
            thread.Start();
        }
    }

    /// <summary>Runs parts 0..<paramref name="parts"/>-1 of <paramref name="job"/> and returns when all are done.</summary>
    public void Run(IGemmParallelJob job, int parts)
    {
        _job = job;
        _parts = parts;
        Volatile.Write(ref _pending, parts - 1);
        lock (_gate)
        {
            _generation++;
            Monitor.PulseAll(_gate);
        }
        job.Execute(0);
        for (int spin = 0; Volatile.Read(ref _pending) != 0; spin++)
        {
            if (spin < SpinLimit)
            {
                Thread.SpinWait(20);
                continue;
            }
            lock (_gate)
            {
                while (Volatile.Read(ref _pending) != 0)
                {
                    Monitor.Wait(_gate);
                }
            }
        }
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

    private void Loop(int part)
    {
        int seen = 0;
        while (true)
        {
            for (int spin = 0; Volatile.Read(ref _generation) == seen && !_stopping; spin++)
            {
                if (spin < SpinLimit)
                {
                    Thread.SpinWait(20);
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
            if (part < _parts)
            {
                _job!.Execute(part);
                if (Interlocked.Decrement(ref _pending) == 0)
                {
                    lock (_gate)
                    {
                        Monitor.PulseAll(_gate);
                    }
                }
            }
        }
    }
}
