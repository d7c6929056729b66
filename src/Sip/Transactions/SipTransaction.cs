using ClutchCall.Sip.Messages;

namespace ClutchCall.Sip.Transactions;

/// <summary>
/// Shared plumbing for the four transaction machines: a lock, named one-shot timers on <see cref="TimeProvider"/>,
/// and side effects gathered under the lock and run after it, so no callback ever runs with the lock held.
/// </summary>
public abstract class SipTransaction
{
    private readonly Dictionary<char, (ITimer Timer, int Generation)> _timers = [];
    private int _generation;
    private readonly TimeProvider _time;
    protected readonly object Gate = new();
    protected readonly SipTimerOptions Timers;

    protected SipTransaction(string key, SipRequest request, bool reliable, SipTimerOptions timers, TimeProvider time)
    {
        Key = key;
        Request = request;
        Reliable = reliable;
        Timers = timers;
        _time = time;
    }

    public string Key { get; }
    public SipRequest Request { get; }
    public bool Reliable { get; }
    public TransactionState State { get; protected set; }

    /// <summary>Raised once when the machine reaches Terminated; the layer removes it from its table.</summary>
    public event Action<SipTransaction>? Terminated;

    /// <summary>Arms (or re-arms) timer <paramref name="name"/>; must be called under <see cref="Gate"/>.</summary>
    protected void Arm(char name, TimeSpan due, List<Action> effects)
    {
        Disarm(name);
        var generation = ++_generation;
        if (due <= TimeSpan.Zero)
        {
            // Zero-length timers (reliable transports) fire right after the current step, outside the lock.
            _timers[name] = (NoTimer.Instance, generation);
            effects.Add(() => Fire(name, generation));
            return;
        }
        _timers[name] = (_time.CreateTimer(_ => Fire(name, generation), null, due, Timeout.InfiniteTimeSpan), generation);
    }

    protected void Disarm(char name)
    {
        if (_timers.Remove(name, out var t)) t.Timer.Dispose();
    }

    private void Fire(char name, int generation)
    {
        var effects = new List<Action>();
        lock (Gate)
        {
            // A stale callback of a timer that was disarmed or re-armed meanwhile must not act.
            if (!_timers.TryGetValue(name, out var t) || t.Generation != generation) return;
            _timers.Remove(name);
            t.Timer.Dispose();
            OnTimer(name, effects);
        }
        Run(effects);
    }

    private sealed class NoTimer : ITimer
    {
        public static readonly NoTimer Instance = new();
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;
        public void Dispose() { }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    protected abstract void OnTimer(char name, List<Action> effects);

    /// <summary>Moves to Terminated and cancels every timer; must be called under <see cref="Gate"/>.</summary>
    protected void Terminate(List<Action> effects)
    {
        if (State == TransactionState.Terminated) return;
        State = TransactionState.Terminated;
        foreach (var t in _timers.Values) t.Timer.Dispose();
        _timers.Clear();
        effects.Add(() => Terminated?.Invoke(this));
    }

    protected static void Run(List<Action> effects)
    {
        foreach (var e in effects) e();
    }

    /// <summary>The timers that are currently armed (for tests and diagnostics).</summary>
    public IReadOnlyCollection<char> ArmedTimers
    {
        get { lock (Gate) return [.. _timers.Keys]; }
    }

    internal static void Fork(Func<ValueTask> send) => _ = SendSafely(send);

    private static async Task SendSafely(Func<ValueTask> send)
    {
        try { await send().ConfigureAwait(false); }
        catch (Exception) { /* transport errors surface through timeouts; the transport already logged them */ }
    }
}
