using ClutchCall.Sip.Messages;

namespace ClutchCall.Sip.Auth;

/// <summary>A parsed "Digest ..." challenge or credentials header: auth-params as a case-insensitive map.</summary>
public sealed class DigestChallenge
{
    public Dictionary<string, string> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string? Realm => Parameters.GetValueOrDefault("realm");
    public string? Nonce => Parameters.GetValueOrDefault("nonce");
    public string? Opaque => Parameters.GetValueOrDefault("opaque");
    public DigestAlgorithm? Algorithm => DigestAlgorithmExtensions.Parse(Parameters.GetValueOrDefault("algorithm"));

    /// <summary>True when the server offers qop=auth (a list like "auth,auth-int" counts).</summary>
    public bool OffersQopAuth => Parameters.TryGetValue("qop", out var q)
        && q.Split(',').Any(x => x.Trim().Equals("auth", StringComparison.OrdinalIgnoreCase));

    public static bool TryParse(string? header, out DigestChallenge challenge)
    {
        challenge = new DigestChallenge();
        if (header is null) return false;
        var text = header.AsSpan().Trim();
        if (!text.StartsWith("Digest", StringComparison.OrdinalIgnoreCase) || text.Length < 7 || text[6] is not (' ' or '\t')) return false;
        var parts = SplitParams(text[7..]);
        if (parts is null) return false;
        foreach (var p in parts)
        {
            var eq = p.IndexOf('=');
            if (eq <= 0) return false;
            var name = p[..eq].Trim();
            var value = p[(eq + 1)..].Trim();
            if (!SipGrammar.IsToken(name)) return false;
            if (value.StartsWith('"'))
            {
                if (!SipGrammar.IsQuotedString(value)) return false;
                value = SipGrammar.Unquote(value);
            }
            challenge.Parameters[name] = value;
        }
        return challenge.Nonce is not null && challenge.Realm is not null;
    }

    private static List<string>? SplitParams(ReadOnlySpan<char> s)
    {
        var list = new List<string>();
        var inQuotes = false;
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (inQuotes)
            {
                if (s[i] == '\\') i++;
                else if (s[i] == '"') inQuotes = false;
            }
            else if (s[i] == '"') inQuotes = true;
            else if (s[i] == ',')
            {
                var part = s[start..i].Trim();
                if (!part.IsEmpty) list.Add(part.ToString());
                start = i + 1;
            }
        }
        if (inQuotes) return null;
        var last = s[start..].Trim();
        if (!last.IsEmpty) list.Add(last.ToString());
        return list;
    }
}
