namespace ClutchCall.Media.Jitter;

/// <summary>What the consumer should play for one frame slot.</summary>
public enum JitterFrameKind
{
    /// <summary>Still buffering: nothing to play yet (silence).</summary>
    Empty,

    /// <summary>A received packet: decode it.</summary>
    Frame,

    /// <summary>The packet for this sequence number never came in time: run packet-loss concealment.</summary>
    Lost,

    /// <summary>No sequence number consumed (underrun or the buffer is growing toward its target): conceal.</summary>
    Conceal,
}
