namespace ClutchCall.Sip.Messages;

/// <summary>Character classes of the RFC 3261 §25 ABNF, used by every strict parser in this folder.</summary>
internal static class SipGrammar
{
    // token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
    public static bool IsTokenChar(char c) =>
        c < 128 && (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '!' or '%' or '*' or '_' or '+' or '`' or '\'' or '~');

    public static bool IsToken(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (var c in s) if (!IsTokenChar(c)) return false;
        return true;
    }

    /// <summary>Parameter values: tokens plus the characters hosts, IPv6 references and URIs put there.</summary>
    public static bool IsParamValue(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (var c in s)
        {
            if (!(IsTokenChar(c) || c is ':' or '[' or ']' or '/' or '@' or '&' or '=' or '$' or '(' or ')' or ',' or '?')) return false;
        }
        return true;
    }

    public static bool IsQuotedString(ReadOnlySpan<char> s)
    {
        if (s.Length < 2 || s[0] != '"' || s[^1] != '"') return false;
        for (var i = 1; i < s.Length - 1; i++)
        {
            var c = s[i];
            if (c == '\\') { if (++i >= s.Length - 1) return false; continue; }
            if (c == '"' || c < 0x20 && c != '\t') return false;
        }
        return true;
    }

    public static string Unquote(ReadOnlySpan<char> s)
    {
        if (s.Length < 2 || s[0] != '"') return s.ToString();
        var sb = new System.Text.StringBuilder(s.Length);
        for (var i = 1; i < s.Length - 1; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length - 1) i++;
            sb.Append(s[i]);
        }
        return sb.ToString();
    }

    public static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>Host = hostname / IPv4address / "[" IPv6 "]".</summary>
    public static bool IsHost(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        if (s[0] == '[')
        {
            return s.Length > 2 && s[^1] == ']' && System.Net.IPAddress.TryParse(s[1..^1], out var a)
                && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        }
        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.')) return false;
        }
        return s[0] != '.' && s[0] != '-';
    }

    /// <summary>Splits a header value on commas that are outside quotes and angle brackets.</summary>
    public static List<string>? SplitList(ReadOnlySpan<char> value)
    {
        var result = new List<string>();
        var inQuotes = false;
        var inAngle = false;
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (inQuotes)
            {
                if (c == '\\') i++;
                else if (c == '"') inQuotes = false;
                continue;
            }
            switch (c)
            {
                case '"': inQuotes = true; break;
                case '<': if (inAngle) return null; inAngle = true; break;
                case '>': if (!inAngle) return null; inAngle = false; break;
                case ',' when !inAngle:
                    var part = value[start..i].Trim();
                    if (part.IsEmpty) return null;
                    result.Add(part.ToString());
                    start = i + 1;
                    break;
            }
        }
        if (inQuotes || inAngle) return null;
        var last = value[start..].Trim();
        if (last.IsEmpty) return null;
        result.Add(last.ToString());
        return result;
    }

    public static bool TryParsePort(ReadOnlySpan<char> s, out int port)
    {
        port = 0;
        if (s.IsEmpty || s.Length > 5) return false;
        foreach (var c in s) if (!char.IsAsciiDigit(c)) return false;
        port = int.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        return port is > 0 and <= 65535;
    }
}
