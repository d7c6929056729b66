namespace ClutchCall.Media.Jitter;

/// <summary>One playout decision. For <see cref="JitterFrameKind.Frame"/> the payload was copied to the caller's buffer.</summary>
public readonly record struct JitterFrame(JitterFrameKind Kind, long SequenceNumber, uint Timestamp, int PayloadLength)
{
    /// <summary>The RTP sequence number on the wire (the low 16 bits of the extended one).</summary>
    public ushort WireSequenceNumber => (ushort)SequenceNumber;
}
