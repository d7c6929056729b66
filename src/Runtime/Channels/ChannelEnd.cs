using System.Threading.Channels;

namespace ClutchCall.Runtime.Channels;

/// <summary>
/// One end of a grain channel. What it sends goes through a transport-specific delegate; what arrives is
/// written into its bounded incoming queue by the transport. Both ends of an in-process channel are
/// ChannelEnds wired to each other; over TCP each side has one, linked by the connection.
/// </summary>
internal sealed class ChannelEnd : IGrainChannel
{
    public const int IncomingCapacity = 100;

    private readonly Channel<ReadOnlyMemory<byte>> _incoming = Channel.CreateBounded<ReadOnlyMemory<byte>>(
        new BoundedChannelOptions(IncomingCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly TaskCompletionSource<ChannelCloseReason> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Func<ReadOnlyMemory<byte>, bool> _send = _ => false;
    private Action<ChannelCloseReason> _onClose = _ => { };

    public ChannelEnd(GrainId grain, string name, long epoch)
    {
        Grain = grain;
        Name = name;
        Epoch = epoch;
    }

    public GrainId Grain { get; }

    public string Name { get; }

    public long Epoch { get; internal set; }

    public ChannelReader<ReadOnlyMemory<byte>> Incoming => _incoming.Reader;

    public Task<ChannelCloseReason> Completion => _completion.Task;

    public bool IsClosed => _completion.Task.IsCompleted;

    /// <summary>Wires the transport: how to send a frame, and what to tell the other side on close.</summary>
    public void Connect(Func<ReadOnlyMemory<byte>, bool> send, Action<ChannelCloseReason> onClose)
    {
        _send = send;
        _onClose = onClose;
    }

    public bool TrySend(ReadOnlyMemory<byte> frame) => !IsClosed && _send(frame);

    /// <summary>A frame from the other side.</summary>
    public void Deliver(ReadOnlyMemory<byte> frame)
    {
        if (!IsClosed)
        {
            _incoming.Writer.TryWrite(frame);
        }
    }

    /// <summary>Closed locally: tells the other side.</summary>
    public void Close(ChannelCloseReason reason = ChannelCloseReason.Closed)
    {
        if (Finish(reason))
        {
            _onClose(reason);
        }
    }

    /// <summary>Closed by the other side or by the transport: nothing to tell.</summary>
    public bool Finish(ChannelCloseReason reason)
    {
        if (!_completion.TrySetResult(reason))
        {
            return false;
        }
        _incoming.Writer.TryComplete();
        return true;
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    /// <summary>Two ends joined in memory: the embedded default, where gateway and silo share a process.</summary>
    public static (ChannelEnd Caller, ChannelEnd Grain) Pair(GrainId grain, string name)
    {
        var caller = new ChannelEnd(grain, name, 0);
        var inGrain = new ChannelEnd(grain, name, 0);
        caller.Connect(f => { inGrain.Deliver(f); return true; }, r => inGrain.Finish(r));
        inGrain.Connect(f => { caller.Deliver(f); return true; }, r => caller.Finish(r));
        return (caller, inGrain);
    }
}
