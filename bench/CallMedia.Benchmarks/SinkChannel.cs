using System.Threading.Channels;
using ClutchCall.Runtime;

namespace ClutchCall.CallMedia.Benchmarks;

/// <summary>A bridge channel that swallows what the hub sends and holds what the benchmark queues as the bridge's downlink.</summary>
internal sealed class SinkChannel(string name) : IGrainChannel
{
    // Same shape as the runtime's channel ends: bounded, drop-oldest, single reader.
    private readonly Channel<ReadOnlyMemory<byte>> _incoming = Channel.CreateBounded<ReadOnlyMemory<byte>>(
        new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly TaskCompletionSource<ChannelCloseReason> _completion = new();

    public GrainId Grain { get; } = new("call", "CA_bench");
    public string Name { get; } = name;
    public long Epoch => 1;
    public long Sent { get; private set; }
    public ChannelReader<ReadOnlyMemory<byte>> Incoming => _incoming.Reader;
    public Task<ChannelCloseReason> Completion => _completion.Task;

    public bool TrySend(ReadOnlyMemory<byte> frame)
    {
        Sent++;
        return true;
    }

    public void Queue(ReadOnlyMemory<byte> frame) => _incoming.Writer.TryWrite(frame);

    public void Close(ChannelCloseReason reason = ChannelCloseReason.Closed) => _completion.TrySetResult(reason);

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }
}
