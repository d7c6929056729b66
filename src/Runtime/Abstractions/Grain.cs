namespace ClutchCall.Runtime;

/// <summary>Base of every grain class. The runtime creates it, binds it to one activation and calls it one turn at a time.</summary>
public abstract class Grain
{
    private IActivationServices? _services;

    internal IActivationServices Services => _services ?? throw new InvalidOperationException("The grain is not bound to an activation yet.");

    internal void Bind(IActivationServices services) => _services = services;

    protected GrainContext Context => Services.Context;

    public virtual Task OnActivateAsync(CancellationToken ct) => Task.CompletedTask;

    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken ct) => Task.CompletedTask;

    /// <summary>A volatile timer: each tick runs as a turn; lost on deactivation. Period Timeout.InfiniteTimeSpan means one shot.</summary>
    protected IDisposable RegisterTimer(Func<Task> callback, TimeSpan dueTime, TimeSpan period) =>
        Services.RegisterTimer(callback, dueTime, period);

    /// <summary>A persistent one-shot reminder: survives deactivation and failover and activates the grain when due.</summary>
    protected Task SetReminderAsync(string name, TimeSpan dueIn) => Services.SetReminderAsync(name, dueIn);

    protected Task ClearReminderAsync(string name) => Services.ClearReminderAsync(name);

    /// <summary>While true the idle collector leaves this activation alone.</summary>
    protected void KeepAlive(bool keepAlive) => Services.KeepAlive(keepAlive);

    /// <summary>
    /// Lets this grain's record (ownership, state, its own event stream) expire after ttl: a finished call keeps its
    /// history for a while and then frees the memory. Zero keeps it forever. Throws GrainFencedException when this
    /// activation no longer owns the grain.
    /// </summary>
    protected Task ExpireStateAfterAsync(TimeSpan ttl) => Services.SetRetentionAsync(ttl);

    /// <summary>Deactivate after the current turn, releasing ownership.</summary>
    protected void DeactivateOnIdle() => Services.DeactivateOnIdle();

    internal virtual Type? StateType => null;

    internal virtual void SetState(object? state) { }
}

/// <summary>A grain with persisted state, written with fencing and optimistic concurrency.</summary>
public abstract class Grain<TState> : Grain where TState : class, new()
{
    protected TState State { get; set; } = new();

    /// <summary>The persisted version of State; 0 when never written.</summary>
    protected long StateVersion => Services.StateVersion;

    protected Task WriteStateAsync(params GrainEvent[] events) => Services.WriteStateAsync(State, events, []);

    protected Task WriteStateAsync(IReadOnlyList<GrainEvent> events, IReadOnlyList<IndexEntry> index) =>
        Services.WriteStateAsync(State, events, index);

    protected async Task ClearStateAsync()
    {
        await Services.ClearStateAsync();
        State = new TState();
    }

    internal override Type StateType => typeof(TState);

    internal override void SetState(object? state) => State = state as TState ?? new TState();
}
