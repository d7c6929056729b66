using System.Globalization;
using System.Net;
using System.Text;

namespace ClutchCall.Sip.Sdp;

/// <summary>Strict RFC 4566 parser for the audio subset. Never throws: refusals come back as <see cref="SdpParseError"/>.</summary>
public static class SdpParser
{
    public const int MaxLength = 64 * 1024;

    public static SdpParseError TryParse(ReadOnlySpan<byte> utf8, out SdpSession? session)
    {
        session = null;
        if (utf8.Length > MaxLength) return SdpParseError.TooLarge;
        if (!System.Text.Unicode.Utf8.IsValid(utf8)) return SdpParseError.BadLine;
        return TryParse(Encoding.UTF8.GetString(utf8), out session);
    }

    public static SdpParseError TryParse(string text, out SdpSession? session)
    {
        session = null;
        if (string.IsNullOrEmpty(text)) return SdpParseError.Empty;
        if (text.Length > MaxLength) return SdpParseError.TooLarge;
        var s = new SdpSession();
        SdpMedia? media = null;
        var index = 0;
        bool sawOrigin = false, sawName = false;
        // RFC 4566 §5: lines end in CRLF, but a bare LF must also be accepted.
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.EndsWith('\r') ? raw[..^1] : raw;
            if (line.Length == 0)
            {
                if (index == 0) return SdpParseError.MissingVersion;
                continue;
            }
            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0])) return SdpParseError.BadLine;
            foreach (var c in line) if (c < ' ' && c != '\t') return SdpParseError.BadLine;
            var type = line[0];
            var value = line[2..];
            if (index++ == 0)
            {
                if (type != 'v') return SdpParseError.MissingVersion;
                if (value != "0") return SdpParseError.BadVersion;
                continue;
            }
            var error = type switch
            {
                'o' => ParseOrigin(value, s, ref sawOrigin),
                's' => SetName(value, s, ref sawName),
                'c' => ParseConnection(value, out var addr) is var e && e == SdpParseError.None
                    ? Assign(media, s, addr) : e,
                'm' => ParseMedia(value, s, out media),
                'a' => ParseAttribute(value, s, media),
                'v' => SdpParseError.BadVersion,
                _ => SdpParseError.None, // t=, b=, i=, u=, e=, p=, k=, r=, z= carry nothing we negotiate
            };
            if (error != SdpParseError.None) return error;
        }
        if (index == 0) return SdpParseError.Empty;
        if (!sawOrigin) return SdpParseError.BadOrigin;
        if (!sawName) return SdpParseError.MissingSessionName;
        foreach (var m in s.Media)
        {
            if (m.Port != 0 && s.ConnectionOf(m) is null) return SdpParseError.MissingConnection;
        }
        session = s;
        return SdpParseError.None;
    }

    private static SdpParseError SetName(string value, SdpSession s, ref bool sawName)
    {
        if (sawName || value.Length == 0) return SdpParseError.MissingSessionName;
        sawName = true;
        s.SessionName = value;
        return SdpParseError.None;
    }

    private static SdpParseError Assign(SdpMedia? media, SdpSession s, string addr)
    {
        if (media is null) s.ConnectionAddress = addr; else media.ConnectionAddress = addr;
        return SdpParseError.None;
    }

    private static SdpParseError ParseOrigin(string value, SdpSession s, ref bool sawOrigin)
    {
        // o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
        var f = value.Split(' ');
        if (sawOrigin || f.Length != 6 || f.Any(x => x.Length == 0)) return SdpParseError.BadOrigin;
        if (!ulong.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !ulong.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ver)) return SdpParseError.BadOrigin;
        sawOrigin = true;
        s.OriginUser = f[0]; s.SessionId = id; s.SessionVersion = ver; s.OriginAddress = f[5];
        return SdpParseError.None;
    }

    private static SdpParseError ParseConnection(string value, out string address)
    {
        address = "";
        // c=IN IP4 192.0.2.1[/ttl]
        var f = value.Split(' ');
        if (f.Length != 3 || f[0] != "IN" || f[1] is not ("IP4" or "IP6")) return SdpParseError.BadConnection;
        var a = f[2];
        var slash = a.IndexOf('/');
        if (slash >= 0) a = a[..slash];
        if (!IPAddress.TryParse(a, out var ip)) return SdpParseError.BadConnection;
        if ((f[1] == "IP4") != (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)) return SdpParseError.BadConnection;
        address = a;
        return SdpParseError.None;
    }

    private static SdpParseError ParseMedia(string value, SdpSession s, out SdpMedia? media)
    {
        media = null;
        // m=<media> <port>[/<count>] <proto> <fmt> ...
        var f = value.Split(' ');
        if (f.Length < 4 || f[0].Length == 0 || f[2].Length == 0) return SdpParseError.BadMedia;
        var portText = f[1];
        var slash = portText.IndexOf('/');
        if (slash >= 0) portText = portText[..slash];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535) return SdpParseError.BadMedia;
        var m = new SdpMedia { MediaType = f[0], Port = port, Protocol = f[2] };
        var isRtp = f[2].StartsWith("RTP/", StringComparison.Ordinal);
        for (var i = 3; i < f.Length; i++)
        {
            if (f[i].Length == 0) return SdpParseError.BadMedia;
            if (!isRtp) { m.OtherFormats.Add(f[i]); continue; }
            if (!int.TryParse(f[i], NumberStyles.None, CultureInfo.InvariantCulture, out var pt) || pt > 127) return SdpParseError.BadMedia;
            m.PayloadTypes.Add(pt);
            if (SdpCodec.FromStatic(pt) is { } known) m.Codecs.Add(known);
        }
        s.Media.Add(m);
        media = m;
        return SdpParseError.None;
    }

    private static SdpParseError ParseAttribute(string value, SdpSession s, SdpMedia? m)
    {
        var colon = value.IndexOf(':');
        var name = colon < 0 ? value : value[..colon];
        var arg = colon < 0 ? null : value[(colon + 1)..];
        if (name.Length == 0) return SdpParseError.BadAttribute;
        if (SdpDirectionExtensions.FromAttribute(name) is { } dir)
        {
            if (arg is not null) return SdpParseError.BadAttribute;
            if (m is null) s.Direction = dir; else m.Direction = dir;
            return SdpParseError.None;
        }
        if (m is null) return SdpParseError.None;
        switch (name)
        {
            case "rtpmap": return ParseRtpMap(arg, m);
            case "fmtp":
            {
                if (arg is null) return SdpParseError.BadAttribute;
                var sp = arg.IndexOf(' ');
                if (sp <= 0 || !int.TryParse(arg.AsSpan(0, sp), NumberStyles.None, CultureInfo.InvariantCulture, out var pt)) return SdpParseError.BadAttribute;
                var i = m.Codecs.FindIndex(c => c.PayloadType == pt);
                if (i >= 0) m.Codecs[i] = m.Codecs[i] with { Fmtp = arg[(sp + 1)..] };
                return SdpParseError.None;
            }
            case "ptime":
                if (!int.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out var ptime) || ptime is 0 or > 1000) return SdpParseError.BadAttribute;
                m.Ptime = ptime;
                return SdpParseError.None;
            default:
                m.OtherAttributes.Add(value);
                return SdpParseError.None;
        }
    }

    private static SdpParseError ParseRtpMap(string? arg, SdpMedia m)
    {
        // a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]
        if (arg is null) return SdpParseError.BadAttribute;
        var sp = arg.IndexOf(' ');
        if (sp <= 0 || !int.TryParse(arg.AsSpan(0, sp), NumberStyles.None, CultureInfo.InvariantCulture, out var pt) || pt > 127) return SdpParseError.BadAttribute;
        var parts = arg[(sp + 1)..].Split('/');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0) return SdpParseError.BadAttribute;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var rate) || rate == 0) return SdpParseError.BadAttribute;
        var channels = 1;
        if (parts.Length == 3 && (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out channels) || channels is 0 or > 8)) return SdpParseError.BadAttribute;
        var codec = new SdpCodec(pt, parts[0], rate, channels);
        var i = m.Codecs.FindIndex(c => c.PayloadType == pt);
        if (i >= 0) m.Codecs[i] = codec with { Fmtp = m.Codecs[i].Fmtp }; else m.Codecs.Add(codec);
        return SdpParseError.None;
    }
}
