using System.Buffers.Binary;

namespace ClutchCall.Sip.Rtp;

/// <summary>RFC 4733 §2.3 telephone-event payload: event, end bit, volume, duration (in timestamp units).</summary>
public readonly record struct DtmfEvent(byte Event, bool End, byte Volume, ushort Duration)
{
    public const int Size = 4;

    public static bool TryParse(ReadOnlySpan<byte> payload, out DtmfEvent e)
    {
        e = default;
        if (payload.Length < Size || payload[0] > 16) return false;
        e = new DtmfEvent(payload[0], (payload[1] & 0x80) != 0, (byte)(payload[1] & 0x3f), BinaryPrimitives.ReadUInt16BigEndian(payload[2..]));
        return true;
    }

    public void Write(Span<byte> destination)
    {
        destination[0] = Event;
        destination[1] = (byte)((End ? 0x80 : 0) | (Volume & 0x3f));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Duration);
    }

    /// <summary>Events 0-9 are digits, 10 '*', 11 '#', 12-15 'A'-'D', 16 flash (RFC 4733 §3.2).</summary>
    public static char ToDigit(byte e) => e switch
    {
        <= 9 => (char)('0' + e),
        10 => '*',
        11 => '#',
        <= 15 => (char)('A' + e - 12),
        _ => '!',
    };

    public static byte? FromDigit(char c) => char.ToUpperInvariant(c) switch
    {
        >= '0' and <= '9' => (byte)(c - '0'),
        '*' => 10,
        '#' => 11,
        >= 'A' and <= 'D' => (byte)(char.ToUpperInvariant(c) - 'A' + 12),
        _ => null,
    };
}
