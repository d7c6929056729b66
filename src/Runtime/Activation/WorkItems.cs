using ClutchCall.Runtime.Messaging;

namespace ClutchCall.Runtime.Activation;

/// <summary>Everything an activation does runs as one of these, one at a time, in mailbox order.</summary>
internal abstract class WorkItem;

internal sealed class RequestWork(GrainRequest? request) : WorkItem
{
    /// <summary>Null for a ping that only makes sure the grain is active.</summary>
    public GrainRequest? Request { get; } = request;

    public TaskCompletionSource<GrainResponse> Response { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

internal sealed class ChannelOpenWork(GrainRequest open, Channels.ChannelEnd end) : WorkItem
{
    public GrainRequest Open { get; } = open;

    public Channels.ChannelEnd End { get; } = end;

    public TaskCompletionSource<GrainResponse> Response { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

internal sealed class TimerWork(GrainTimer timer) : WorkItem
{
    public GrainTimer Timer { get; } = timer;
}

internal sealed class DeactivateWork(DeactivationReason reason) : WorkItem
{
    public DeactivationReason Reason { get; } = reason;
}

/// <summary>A volatile grain timer: its ticks are queued as turns, never run beside one.</summary>
internal sealed class GrainTimer(Func<Task> callback, Action<GrainTimer> onDispose) : IDisposable
{
    private int _disposed;

    public Func<Task> Callback { get; } = callback;

    public ITimer? Timer { get; set; }

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Timer?.Dispose();
            onDispose(this);
        }
    }
}
