namespace ClutchCall.Agents.Tests.Connectors;

/// <summary>
/// A clock on which no timer fires until <see cref="Release"/>; from then on every armed timer fires at once. A test
/// releases it at a known point (after the first chunk) to make "the server went quiet" deterministic.
/// </summary>
internal sealed class GatedTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<GatedTimer> _armed = [];
    private bool _released;

    public void Release()
    {
        GatedTimer[] due;
        lock (_gate)
        {
            _released = true;
            due = [.. _armed];
            _armed.Clear();
        }

        foreach (GatedTimer timer in due)
        {
            timer.FireSoon();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new GatedTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class GatedTimer(GatedTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            bool fire;
            lock (owner._gate)
            {
                owner._armed.Remove(this);
                fire = dueTime != Timeout.InfiniteTimeSpan && owner._released;
                if (dueTime != Timeout.InfiniteTimeSpan && !owner._released)
                {
                    owner._armed.Add(this);
                }
            }

            if (fire)
            {
                FireSoon();
            }

            return true;
        }

        public void FireSoon() => ThreadPool.QueueUserWorkItem(_ => callback(state));

        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._armed.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
