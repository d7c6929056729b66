using System.Collections.Concurrent;
using ClutchCall.Runtime.Storage;

namespace ClutchCall.Runtime.Membership;

/// <summary>The latest membership snapshot this process has read, with a way to wait for the next one.</summary>
public sealed class MembershipView
{
    private volatile MembershipSnapshot _current = MembershipSnapshot.Empty;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _gone = new(StringComparer.Ordinal);

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
        foreach (var siloId in _gone.Keys)
        {
            if (snapshot.Owner(siloId) is null && _gone.TryRemove(siloId, out var gone))
            {
                gone.Cancel();
            }
        }
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

    /// <summary>
    /// Cancelled once the silo no longer may own grains (dead, departed or forgotten): one token per silo, shared by
    /// every call and channel waiting on it, because a paused owner keeps its sockets open.
    /// </summary>
    public CancellationToken GoneToken(string siloId)
    {
        if (_current.Owner(siloId) is null)
        {
            return new CancellationToken(canceled: true);
        }
        var gone = _gone.GetOrAdd(siloId, _ => new CancellationTokenSource());
        // An update may have run between the check and the add, and missed this source.
        if (_current.Owner(siloId) is null && _gone.TryRemove(siloId, out var missed))
        {
            missed.Cancel();
        }
        return gone.Token;
    }
}
