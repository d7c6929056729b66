using System.Text;

namespace ClutchCall.Sip.Messages;

/// <summary>One Via value: "SIP/2.0/UDP host:port;branch=z9hG4bK...;rport;received=..." (RFC 3261 §20.42, RFC 3581).</summary>
public sealed class ViaHeader
{
    public const string MagicCookie = "z9hG4bK";

    public string Transport { get; init; } = "UDP";
    public required string Host { get; init; }
    public int? Port { get; init; }
    public SipParameters Parameters { get; init; } = new();

    public string? Branch => Parameters["branch"];
    public string? Received => Parameters["received"];
    public bool HasRport => Parameters.Contains("rport");
    public int? Rport => int.TryParse(Parameters["rport"], out var p) ? p : null;

    public static bool TryParse(ReadOnlySpan<char> text, out ViaHeader value)
    {
        value = null!;
        text = text.Trim();
        // sent-protocol = "SIP" SLASH "2.0" SLASH transport, with optional LWS around the slashes.
        var parts = new string[3];
        for (var i = 0; i < 3; i++)
        {
            var stop = i < 2 ? text.IndexOf('/') : text.IndexOfAny(" \t");
            if (stop < 0) return false;
            var part = text[..stop].Trim();
            if (!SipGrammar.IsToken(part)) return false;
            parts[i] = part.ToString();
            text = text[(stop + 1)..].TrimStart();
        }
        if (!parts[0].Equals("SIP", StringComparison.OrdinalIgnoreCase) || parts[1] != "2.0") return false;
        var semi = text.IndexOf(';');
        var sentBy = (semi < 0 ? text : text[..semi]).Trim();
        var parameters = new SipParameters();
        if (semi >= 0 && !SipParameters.TryParse(text[(semi + 1)..], parameters)) return false;
        if (!SplitHostPort(sentBy, out var host, out var port)) return false;
        var branch = parameters["branch"];
        if (parameters.Contains("branch") && string.IsNullOrEmpty(branch)) return false;
        value = new ViaHeader { Transport = parts[2].ToUpperInvariant(), Host = host, Port = port, Parameters = parameters };
        return true;
    }

    internal static bool SplitHostPort(ReadOnlySpan<char> s, out string host, out int? port)
    {
        host = ""; port = null;
        ReadOnlySpan<char> h;
        if (s.Length > 0 && s[0] == '[')
        {
            var close = s.IndexOf(']');
            if (close < 0) return false;
            h = s[..(close + 1)];
            s = s[(close + 1)..];
        }
        else
        {
            var c = s.IndexOf(':');
            h = c < 0 ? s : s[..c];
            s = c < 0 ? default : s[c..];
        }
        if (!s.IsEmpty)
        {
            if (s[0] != ':' || !SipGrammar.TryParsePort(s[1..].Trim(), out var p)) return false;
            port = p;
        }
        h = h.Trim();
        if (!SipGrammar.IsHost(h)) return false;
        host = h.ToString();
        return true;
    }

    public override string ToString()
    {
        var sb = new StringBuilder(96);
        sb.Append("SIP/2.0/").Append(Transport).Append(' ').Append(Host);
        if (Port is { } p) sb.Append(':').Append(p);
        Parameters.AppendTo(sb);
        return sb.ToString();
    }
}
