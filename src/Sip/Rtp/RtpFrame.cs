namespace ClutchCall.Sip.Rtp;

/// <summary>One received media payload (still encoded) with the RTP fields a jitter buffer needs.</summary>
public readonly record struct RtpFrame(byte PayloadType, ushort SequenceNumber, uint Timestamp, bool Marker, ReadOnlyMemory<byte> Payload);
