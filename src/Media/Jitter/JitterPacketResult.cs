namespace ClutchCall.Media.Jitter;

/// <summary>What the buffer did with a pushed packet.</summary>
public enum JitterPacketResult
{
    Accepted,

    /// <summary>Already buffered or already played.</summary>
    Duplicate,

    /// <summary>Arrived after its playout time; dropped.</summary>
    Late,

    /// <summary>Payload larger than <see cref="JitterBufferOptions.MaxPayloadBytes"/>; dropped.</summary>
    TooLarge,

    /// <summary>Too far from the current sequence to place (a straggler); dropped. A second one in sequence restarts the buffer.</summary>
    OutOfWindow,

    /// <summary>Two consecutive packets far off the sequence: the sender restarted, and the buffer started over with this packet.</summary>
    Resynced,
}
