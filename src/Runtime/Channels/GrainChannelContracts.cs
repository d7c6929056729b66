using System.Threading.Channels;

namespace ClutchCall.Runtime;

/// <summary>Why a grain channel ended.</summary>
public enum ChannelCloseReason : byte
{
    /// <summary>One side closed it on purpose.</summary>
    Closed = 0,

    /// <summary>The activation went away (failover, hand-off, fencing): re-open and the new owner answers.</summary>
    OwnerMoved = 1,

    /// <summary>The connection to the silo broke.</summary>
    ConnectionLost = 2,

    /// <summary>The grain refused the channel.</summary>
    Refused = 3,
}

/// <summary>
/// An ordered stream of frames between a caller (a gateway) and one activation of a grain, in both
/// directions. It is bound to the activation's epoch: it ends when that activation does, so a frame can
/// never reach a stale owner. Frames do not wait for turns; when the reader falls behind, the oldest
/// frames are dropped (live audio is worth nothing late).
/// </summary>
public interface IGrainChannel : IAsyncDisposable
{
    GrainId Grain { get; }

    string Name { get; }

    /// <summary>The epoch of the activation this channel is bound to.</summary>
    long Epoch { get; }

    /// <summary>Queues a frame for the other side; false once the channel has ended.</summary>
    bool TrySend(ReadOnlyMemory<byte> frame);

    ChannelReader<ReadOnlyMemory<byte>> Incoming { get; }

    /// <summary>Completes with the reason when the channel ends.</summary>
    Task<ChannelCloseReason> Completion { get; }

    void Close(ChannelCloseReason reason = ChannelCloseReason.Closed);
}

/// <summary>Opens channels to grains (gateway side); placement and epochs are handled for the caller.</summary>
public interface IGrainChannelFactory
{
    /// <param name="metadata">Passed to the grain with the channel (for example the audio format as JSON).</param>
    Task<IGrainChannel> OpenAsync(GrainId grain, string name, ReadOnlyMemory<byte> metadata, CancellationToken ct);
}

/// <summary>Implemented by grains that accept channels. Runs as a turn; the channel lives on after it.</summary>
public interface IGrainChannelHandler
{
    /// <summary>Accept by keeping the channel (and reading it); throw to refuse.</summary>
    Task OnChannelOpenedAsync(IGrainChannel channel, ReadOnlyMemory<byte> metadata);
}
