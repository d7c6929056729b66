using ClutchCall.Runtime.Storage;

namespace ClutchCall.Runtime.Membership;

/// <summary>The latest membership snapshot this process has read, with a way to wait for the next one.</summary>
public sealed class MembershipView
{
    private volatile MembershipSnapshot _current = MembershipSnapshot.Empty;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();

    public MembershipSnapshot Current => _current;

    internal void Update(MembershipSnapshot snapshot)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (snapshot.Version <= _current.Version && _current.Version != 0)
            {
                return;
            }
            _current = snapshot;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    /// <summary>Completes at the next view change.</summary>
    public Task NextChange
    {
        get
        {
            lock (_gate)
            {
                return _changed.Task;
            }
        }
    }

    /// <summary>Completes once the silo no longer may own grains (dead, departed or forgotten).</summary>
    public async Task WhenGoneAsync(string siloId, CancellationToken ct)
    {
        while (true)
        {
            var next = NextChange;
            if (_current.Owner(siloId) is null)
            {
                return;
            }
            await next.WaitAsync(ct);
        }
    }
}
