using System.Buffers.Binary;

namespace ClutchCall.Sip.Rtp;

/// <summary>RFC 3550 §6.4.1 report block.</summary>
public readonly record struct RtcpReportBlock(uint Ssrc, byte FractionLost, int CumulativeLost, uint HighestSequence, uint Jitter, uint LastSr, uint DelaySinceLastSr);

/// <summary>Sender or receiver report (RFC 3550 §6.4); other RTCP packets in a compound are skipped.</summary>
public sealed record RtcpReport(bool IsSenderReport, uint Ssrc, ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount,
    IReadOnlyList<RtcpReportBlock> Blocks)
{
    public const byte SenderReportType = 200, ReceiverReportType = 201, ByeType = 203;

    public int Write(Span<byte> d)
    {
        var length = (IsSenderReport ? 28 : 8) + 24 * Blocks.Count;
        d[0] = (byte)(0x80 | Blocks.Count);
        d[1] = IsSenderReport ? SenderReportType : ReceiverReportType;
        BinaryPrimitives.WriteUInt16BigEndian(d[2..], (ushort)(length / 4 - 1));
        BinaryPrimitives.WriteUInt32BigEndian(d[4..], Ssrc);
        var o = 8;
        if (IsSenderReport)
        {
            BinaryPrimitives.WriteUInt64BigEndian(d[8..], NtpTimestamp);
            BinaryPrimitives.WriteUInt32BigEndian(d[16..], RtpTimestamp);
            BinaryPrimitives.WriteUInt32BigEndian(d[20..], PacketCount);
            BinaryPrimitives.WriteUInt32BigEndian(d[24..], OctetCount);
            o = 28;
        }
        foreach (var b in Blocks)
        {
            BinaryPrimitives.WriteUInt32BigEndian(d[o..], b.Ssrc);
            var lost = b.CumulativeLost & 0xffffff;
            BinaryPrimitives.WriteUInt32BigEndian(d[(o + 4)..], (uint)(b.FractionLost << 24 | lost));
            BinaryPrimitives.WriteUInt32BigEndian(d[(o + 8)..], b.HighestSequence);
            BinaryPrimitives.WriteUInt32BigEndian(d[(o + 12)..], b.Jitter);
            BinaryPrimitives.WriteUInt32BigEndian(d[(o + 16)..], b.LastSr);
            BinaryPrimitives.WriteUInt32BigEndian(d[(o + 20)..], b.DelaySinceLastSr);
            o += 24;
        }
        return length;
    }

    /// <summary>Reads every SR/RR of a compound packet; false when the compound is malformed.</summary>
    public static bool TryParseCompound(ReadOnlySpan<byte> data, List<RtcpReport> reports)
    {
        if (data.Length < 4) return false;
        while (data.Length >= 4)
        {
            if (data[0] >> 6 != 2) return false;
            var count = data[0] & 0x1f;
            var type = data[1];
            var length = (BinaryPrimitives.ReadUInt16BigEndian(data[2..]) + 1) * 4;
            if (length > data.Length) return false;
            var packet = data[..length];
            if (type is SenderReportType or ReceiverReportType)
            {
                var sr = type == SenderReportType;
                var fixedLength = sr ? 28 : 8;
                if (packet.Length < fixedLength + 24 * count) return false;
                var blocks = new List<RtcpReportBlock>(count);
                for (var i = 0; i < count; i++)
                {
                    var b = packet[(fixedLength + 24 * i)..];
                    var word = BinaryPrimitives.ReadUInt32BigEndian(b[4..]);
                    var lost = (int)(word & 0xffffff);
                    if ((lost & 0x800000) != 0) lost |= unchecked((int)0xff000000);
                    blocks.Add(new RtcpReportBlock(BinaryPrimitives.ReadUInt32BigEndian(b), (byte)(word >> 24), lost,
                        BinaryPrimitives.ReadUInt32BigEndian(b[8..]), BinaryPrimitives.ReadUInt32BigEndian(b[12..]),
                        BinaryPrimitives.ReadUInt32BigEndian(b[16..]), BinaryPrimitives.ReadUInt32BigEndian(b[20..])));
                }
                reports.Add(new RtcpReport(sr, BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
                    sr ? BinaryPrimitives.ReadUInt64BigEndian(packet[8..]) : 0, sr ? BinaryPrimitives.ReadUInt32BigEndian(packet[16..]) : 0,
                    sr ? BinaryPrimitives.ReadUInt32BigEndian(packet[20..]) : 0, sr ? BinaryPrimitives.ReadUInt32BigEndian(packet[24..]) : 0, blocks));
            }
            data = data[length..];
        }
        return data.IsEmpty;
    }
}
