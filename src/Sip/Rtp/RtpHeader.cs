using System.Buffers.Binary;

namespace ClutchCall.Sip.Rtp;

/// <summary>The RFC 3550 §5.1 fixed header (CSRCs and extensions are skipped on read and never written).</summary>
public readonly record struct RtpHeader(byte PayloadType, bool Marker, ushort SequenceNumber, uint Timestamp, uint Ssrc)
{
    public const int Size = 12;

    /// <summary>Parses a packet; payload excludes CSRCs, the header extension and padding.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpHeader header, out Range payload)
    {
        header = default; payload = default;
        if (packet.Length < Size || packet[0] >> 6 != 2) return false;
        var padding = (packet[0] & 0x20) != 0;
        var extension = (packet[0] & 0x10) != 0;
        var csrcCount = packet[0] & 0x0f;
        var pt = (byte)(packet[1] & 0x7f);
        // Payload types 72-76 collide with RTCP SR/RR/... (RFC 5761 §4): such a packet is RTCP, not RTP.
        if (pt is >= 72 and <= 76) return false;
        var offset = Size + 4 * csrcCount;
        if (packet.Length < offset) return false;
        if (extension)
        {
            if (packet.Length < offset + 4) return false;
            offset += 4 + 4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            if (packet.Length < offset) return false;
        }
        var end = packet.Length;
        if (padding)
        {
            var pad = packet[^1];
            if (pad == 0 || end - pad < offset) return false;
            end -= pad;
        }
        header = new RtpHeader(pt, (packet[1] & 0x80) != 0,
            BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[8..]));
        payload = offset..end;
        return true;
    }

    public int Write(Span<byte> destination, ReadOnlySpan<byte> payload)
    {
        destination[0] = 0x80;
        destination[1] = (byte)((Marker ? 0x80 : 0) | (PayloadType & 0x7f));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Ssrc);
        payload.CopyTo(destination[Size..]);
        return Size + payload.Length;
    }
}
