namespace ClutchCall.Runtime.Storage.InMemory;

internal sealed partial class InMemoryClusterStore
{
    private readonly Dictionary<(GrainId Grain, string Name), double> _reminders = [];

    public Task SetAsync(GrainId grain, string name, TimeSpan dueIn)
    {
        lock (_gate)
        {
            _reminders[(grain, name)] = NowMs + (long)dueIn.TotalMilliseconds;
            return Task.CompletedTask;
        }
    }

    public Task ClearAsync(GrainId grain, string name)
    {
        lock (_gate)
        {
            _reminders.Remove((grain, name));
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<DueReminder>> TakeDueAsync(int max, TimeSpan lease)
    {
        lock (_gate)
        {
            var now = NowMs;
            var leased = now + (long)lease.TotalMilliseconds;
            var due = _reminders.Where(r => r.Value <= now).OrderBy(r => r.Value).Take(max).Select(r => r.Key).ToArray();
            foreach (var key in due)
            {
                _reminders[key] = leased;
            }
            return Task.FromResult<IReadOnlyList<DueReminder>>(due.Select(k => new DueReminder(k.Grain, k.Name, leased)).ToArray());
        }
    }

    public Task CompleteAsync(DueReminder reminder)
    {
        lock (_gate)
        {
            var key = (reminder.Grain, reminder.Name);
            if (_reminders.TryGetValue(key, out var score) && score == reminder.LeaseScore)
            {
                _reminders.Remove(key);
            }
            return Task.CompletedTask;
        }
    }
}
