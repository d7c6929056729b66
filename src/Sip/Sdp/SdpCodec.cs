namespace ClutchCall.Sip.Sdp;

/// <summary>An RTP payload format as named in a=rtpmap (RFC 4566 §6, RFC 3551 static types).</summary>
public sealed record SdpCodec(int PayloadType, string Name, int ClockRate, int Channels = 1, string? Fmtp = null)
{
    public static readonly SdpCodec Pcmu = new(0, "PCMU", 8000);
    public static readonly SdpCodec Pcma = new(8, "PCMA", 8000);
    public static readonly SdpCodec Opus = new(111, "opus", 48000, 2, "useinbandfec=1");
    public static readonly SdpCodec TelephoneEvent = new(101, "telephone-event", 8000, 1, "0-16");

    public bool IsTelephoneEvent => Name.Equals("telephone-event", StringComparison.OrdinalIgnoreCase);

    /// <summary>Same codec regardless of payload type number (dynamic types differ per side).</summary>
    public bool SameFormat(SdpCodec other) =>
        Name.Equals(other.Name, StringComparison.OrdinalIgnoreCase) && ClockRate == other.ClockRate
        && (Channels == other.Channels || !Name.Equals("opus", StringComparison.OrdinalIgnoreCase));

    /// <summary>Static payload types may be offered without an rtpmap line (RFC 3551 table 4).</summary>
    public static SdpCodec? FromStatic(int pt) => pt switch
    {
        0 => Pcmu,
        8 => Pcma,
        3 => new SdpCodec(3, "GSM", 8000),
        9 => new SdpCodec(9, "G722", 8000),
        18 => new SdpCodec(18, "G729", 8000),
        _ => null,
    };

    public string RtpMap => Channels > 1 ? $"{PayloadType} {Name}/{ClockRate}/{Channels}" : $"{PayloadType} {Name}/{ClockRate}";
}
