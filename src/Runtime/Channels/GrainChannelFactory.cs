using ClutchCall.Runtime.Messaging;

namespace ClutchCall.Runtime.Channels;

internal sealed class GrainChannelFactory(MessageRouter router) : IGrainChannelFactory
{
    public Task<IGrainChannel> OpenAsync(GrainId grain, string name, ReadOnlyMemory<byte> metadata, CancellationToken ct) =>
        router.OpenChannelAsync(grain, name, metadata).WaitAsync(ct);
}
