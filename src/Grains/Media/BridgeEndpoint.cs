using ClutchCall.Media;
using ClutchCall.Media.Pipeline;
using ClutchCall.Runtime;

namespace ClutchCall.Grains.Media;

/// <summary>One bridge channel inside the hub: its role, format, counters and (for attach bridges) the downlink decoder.</summary>
internal sealed class BridgeEndpoint(IGrainChannel channel, BridgeRole role, AudioFormat format, DateTimeOffset attachedAt)
{
    /// <summary>More queued input than this (100 ms) means the sender runs ahead of our clock: drop the oldest.</summary>
    public const int MaxQueuedFrames = 5;

    private long _framesIn;
    private long _framesOut;

    public IGrainChannel Channel { get; } = channel;
    public BridgeRole Role { get; } = role;
    public AudioFormat Format { get; } = format;
    public DateTimeOffset AttachedAt { get; } = attachedAt;

    /// <summary>Attach bridges: their downlink decoded to the mix format. Loop-owned.</summary>
    public Transcoder? Decoder { get; set; }

    /// <summary>Caller bridges: milliseconds of uplink owed to the mix, so frame lengths other than 20 ms keep pace.</summary>
    public int OwedMs { get; set; }

    public bool Removed { get; set; }

    public long FramesIn => Volatile.Read(ref _framesIn);
    public long FramesOut => Volatile.Read(ref _framesOut);
    public long Dropped { get; private set; }
    public long Malformed { get; private set; }

    public void CountOut() => Volatile.Write(ref _framesOut, _framesOut + 1);

    /// <summary>The next well-formed frame the bridge sent, skipping anything beyond <see cref="MaxQueuedFrames"/>.</summary>
    public bool TryReadFrame(out long timestampUs, out ReadOnlyMemory<byte> payload)
    {
        var incoming = Channel.Incoming;
        while (incoming.CanCount && incoming.Count > MaxQueuedFrames && incoming.TryRead(out _))
        {
            Dropped++;
        }
        while (incoming.TryRead(out var frame))
        {
            if (MediaFrames.TryParse(frame, out timestampUs, out payload))
            {
                Volatile.Write(ref _framesIn, _framesIn + 1);
                return true;
            }
            Malformed++;
        }
        timestampUs = 0;
        payload = default;
        return false;
    }
}
