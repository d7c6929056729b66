using System.Text;

namespace ClutchCall.Sip.Messages;

/// <summary>A sip:/sips: URI (RFC 3261 §19.1); other absolute URIs (tel:, urn:) are kept opaque.</summary>
public sealed class SipUri
{
    public string Scheme { get; private init; } = "sip";
    public string? User { get; init; }
    public string? Password { get; private init; }
    public string Host { get; init; } = "";
    public int? Port { get; init; }
    public SipParameters Parameters { get; private init; } = new();
    public string? Headers { get; private init; }
    /// <summary>Everything after "scheme:" for non-SIP schemes.</summary>
    public string? Opaque { get; private init; }

    public bool IsSip => Opaque is null;

    public static SipUri Create(string? user, string host, int? port = null, string scheme = "sip")
        => new() { Scheme = scheme, User = user, Host = host, Port = port };

    public string? Transport => Parameters["transport"];

    public SipUri WithParameter(string name, string? value)
    {
        var p = Parameters.Clone();
        p.Set(name, value);
        return new SipUri { Scheme = Scheme, User = User, Password = Password, Host = Host, Port = Port, Parameters = p, Headers = Headers, Opaque = Opaque };
    }

    public static SipUri Parse(string text) =>
        TryParse(text, out var uri) ? uri : throw new FormatException($"Invalid SIP URI '{text}'.");

    public static bool TryParse(ReadOnlySpan<char> text, out SipUri uri)
    {
        uri = null!;
        var colon = text.IndexOf(':');
        if (colon <= 0) return false;
        var scheme = text[..colon];
        foreach (var c in scheme) if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')) return false;
        if (!char.IsAsciiLetter(scheme[0])) return false;
        var rest = text[(colon + 1)..];
        if (rest.IsEmpty) return false;
        foreach (var c in rest) if (c <= ' ' || c >= 127 || c is '<' or '>' or '"') return false;
        var isSip = scheme.Equals("sip", StringComparison.OrdinalIgnoreCase) || scheme.Equals("sips", StringComparison.OrdinalIgnoreCase);
        if (!isSip)
        {
            uri = new SipUri { Scheme = scheme.ToString().ToLowerInvariant(), Opaque = rest.ToString() };
            return true;
        }

        string? headers = null;
        var q = rest.IndexOf('?');
        if (q >= 0) { headers = rest[(q + 1)..].ToString(); rest = rest[..q]; }

        string? user = null, password = null;
        var at = rest.LastIndexOf('@');
        if (at >= 0)
        {
            var userinfo = rest[..at];
            rest = rest[(at + 1)..];
            if (userinfo.IsEmpty) return false;
            var pc = userinfo.IndexOf(':');
            if (pc >= 0) { password = userinfo[(pc + 1)..].ToString(); userinfo = userinfo[..pc]; }
            if (userinfo.IsEmpty || userinfo.IndexOfAny(";?@") >= 0 && userinfo.IndexOf('@') >= 0) return false;
            user = userinfo.ToString();
        }

        var parameters = new SipParameters();
        var semi = rest.IndexOf(';');
        if (semi >= 0)
        {
            if (!SipParameters.TryParse(rest[(semi + 1)..], parameters)) return false;
            rest = rest[..semi];
        }

        var hostport = rest;
        int? port = null;
        ReadOnlySpan<char> host;
        if (hostport.Length > 0 && hostport[0] == '[')
        {
            var close = hostport.IndexOf(']');
            if (close < 0) return false;
            host = hostport[..(close + 1)];
            var after = hostport[(close + 1)..];
            if (!after.IsEmpty)
            {
                if (after[0] != ':' || !SipGrammar.TryParsePort(after[1..], out var p)) return false;
                port = p;
            }
        }
        else
        {
            var pc = hostport.IndexOf(':');
            host = pc < 0 ? hostport : hostport[..pc];
            if (pc >= 0)
            {
                if (!SipGrammar.TryParsePort(hostport[(pc + 1)..], out var p)) return false;
                port = p;
            }
        }
        if (!SipGrammar.IsHost(host)) return false;
        uri = new SipUri
        {
            Scheme = scheme.ToString().ToLowerInvariant(), User = user, Password = password,
            Host = host.ToString(), Port = port, Parameters = parameters, Headers = headers,
        };
        return true;
    }

    public override string ToString()
    {
        var sb = new StringBuilder(64);
        sb.Append(Scheme).Append(':');
        if (Opaque is not null) return sb.Append(Opaque).ToString();
        if (User is not null)
        {
            sb.Append(User);
            if (Password is not null) sb.Append(':').Append(Password);
            sb.Append('@');
        }
        sb.Append(Host);
        if (Port is { } p) sb.Append(':').Append(p);
        Parameters.AppendTo(sb);
        if (Headers is not null) sb.Append('?').Append(Headers);
        return sb.ToString();
    }
}
