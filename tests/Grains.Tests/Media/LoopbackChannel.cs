using System.Threading.Channels;
using ClutchCall.Runtime;

namespace ClutchCall.Grains.Tests.Media;

/// <summary>
/// A grain channel as the hub sees it, without a runtime: the test writes what "the bridge" sends with
/// <see cref="FromBridge"/> and reads what the hub sent from <see cref="Sent"/>. Bounded and drop-oldest like the
/// runtime's channel ends, so the hub's overflow handling runs as in production.
/// </summary>
internal sealed class LoopbackChannel(string name) : IGrainChannel
{
    private readonly Channel<ReadOnlyMemory<byte>> _incoming = Channel.CreateBounded<ReadOnlyMemory<byte>>(
        new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly TaskCompletionSource<ChannelCloseReason> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GrainId Grain { get; } = new("call", "CA_test");
    public string Name { get; } = name;
    public long Epoch => 1;
    public List<byte[]> Sent { get; } = [];
    public ChannelReader<ReadOnlyMemory<byte>> Incoming => _incoming.Reader;
    public Task<ChannelCloseReason> Completion => _completion.Task;

    public bool TrySend(ReadOnlyMemory<byte> frame)
    {
        if (_completion.Task.IsCompleted)
        {
            return false;
        }
        Sent.Add(frame.ToArray());
        return true;
    }

    public void FromBridge(long timestampUs, ReadOnlySpan<byte> payload) =>
        _incoming.Writer.TryWrite(ClutchCall.Grains.Media.MediaFrames.Build(timestampUs, payload));

    public void Close(ChannelCloseReason reason = ChannelCloseReason.Closed)
    {
        if (_completion.TrySetResult(reason))
        {
            _incoming.Writer.TryComplete();
        }
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }
}
