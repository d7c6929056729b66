using System.Text;

namespace ClutchCall.Sip.Sdp;

public static class SdpWriter
{
    public static string Write(SdpSession s)
    {
        var sb = new StringBuilder(256);
        var ipv = s.OriginAddress.Contains(':') ? "IP6" : "IP4";
        sb.Append("v=0\r\n");
        sb.Append($"o={s.OriginUser} {s.SessionId} {s.SessionVersion} IN {ipv} {s.OriginAddress}\r\n");
        sb.Append($"s={s.SessionName}\r\n");
        if (s.ConnectionAddress is { } c) sb.Append($"c=IN {(c.Contains(':') ? "IP6" : "IP4")} {c}\r\n");
        sb.Append("t=0 0\r\n");
        if (s.Direction is { } sd) sb.Append("a=").Append(sd.ToAttribute()).Append("\r\n");
        foreach (var m in s.Media)
        {
            sb.Append($"m={m.MediaType} {m.Port} {m.Protocol}");
            foreach (var pt in m.PayloadTypes) sb.Append(' ').Append(pt);
            foreach (var f in m.OtherFormats) sb.Append(' ').Append(f);
            sb.Append("\r\n");
            if (m.ConnectionAddress is { } mc) sb.Append($"c=IN {(mc.Contains(':') ? "IP6" : "IP4")} {mc}\r\n");
            foreach (var codec in m.Codecs)
            {
                sb.Append("a=rtpmap:").Append(codec.RtpMap).Append("\r\n");
                if (codec.Fmtp is { } f) sb.Append($"a=fmtp:{codec.PayloadType} {f}\r\n");
            }
            if (m.Ptime is { } p) sb.Append("a=ptime:").Append(p).Append("\r\n");
            foreach (var a in m.OtherAttributes) sb.Append("a=").Append(a).Append("\r\n");
            if (m.Direction is { } d) sb.Append("a=").Append(d.ToAttribute()).Append("\r\n");
        }
        return sb.ToString();
    }

    public static byte[] ToBytes(SdpSession s) => Encoding.UTF8.GetBytes(Write(s));
}
