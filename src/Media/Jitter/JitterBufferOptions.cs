namespace ClutchCall.Media.Jitter;

/// <summary>Bounds and shape of a jitter buffer. Defaults follow common trunk settings (40..200 ms).</summary>
public sealed record JitterBufferOptions
{
    /// <summary>Audio per packet. <value>20</value></summary>
    public int FrameMs { get; init; } = 20;

    /// <summary>RTP timestamp clock in Hz (8000 for G.711, 48000 for Opus). <value>8000</value></summary>
    public int ClockRate { get; init; } = 8000;

    /// <summary>Lower bound of the target playout delay. <value>40</value></summary>
    public int MinDelayMs { get; init; } = 40;

    /// <summary>Upper bound of the target delay and of the audio held at any time. <value>200</value></summary>
    public int MaxDelayMs { get; init; } = 200;

    /// <summary>Target delay before any jitter has been measured. <value>60</value></summary>
    public int InitialDelayMs { get; init; } = 60;

    /// <summary>Largest payload stored; bigger packets are refused. <value>1500</value></summary>
    public int MaxPayloadBytes { get; init; } = 1500;

    /// <summary>A sequence jump larger than this many packets is a stream restart, not loss. <value>1000</value></summary>
    public int ResyncThresholdPackets { get; init; } = 1000;

    public static JitterBufferOptions Default { get; } = new();

    /// <summary>Frames the buffer can hold: <see cref="MaxDelayMs"/> of audio from the playout point on.</summary>
    internal int CapacityFrames => MaxDelayMs / FrameMs;

    public void Validate()
    {
        if (FrameMs is not (10 or 20 or 30 or 40 or 60))
        {
            throw new ArgumentOutOfRangeException(nameof(FrameMs), FrameMs, "frame duration must be 10, 20, 30, 40 or 60 ms");
        }

        if (ClockRate is < 1000 or > 192000)
        {
            throw new ArgumentOutOfRangeException(nameof(ClockRate), ClockRate, "RTP clock rate must be 1000..192000 Hz");
        }

        if (MinDelayMs < FrameMs || MaxDelayMs < MinDelayMs || MaxDelayMs > 2000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDelayMs), $"need FrameMs <= MinDelayMs <= MaxDelayMs <= 2000, got {FrameMs}/{MinDelayMs}/{MaxDelayMs}");
        }

        if (InitialDelayMs < MinDelayMs || InitialDelayMs > MaxDelayMs)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialDelayMs), InitialDelayMs, $"initial delay must lie within {MinDelayMs}..{MaxDelayMs} ms");
        }

        if (MaxPayloadBytes is < 1 or > 65536)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPayloadBytes), MaxPayloadBytes, "payload bound must be 1..65536 bytes");
        }

        if (ResyncThresholdPackets <= CapacityFrames)
        {
            throw new ArgumentOutOfRangeException(nameof(ResyncThresholdPackets), ResyncThresholdPackets, "resync threshold must exceed the buffer capacity");
        }
    }
}
