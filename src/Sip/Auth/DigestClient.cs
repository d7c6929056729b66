using System.Globalization;
using ClutchCall.Sip.Messages;

namespace ClutchCall.Sip.Auth;

/// <summary>Answers a 401/407 challenge as a UAC (RFC 3261 §22.2, RFC 2617 §3.2.2, RFC 8760).</summary>
public static class DigestClient
{
    /// <summary>Picks the strongest challenge we support (SHA-256 over MD5, RFC 8760 §2.4).</summary>
    public static DigestChallenge? PickChallenge(IEnumerable<string> headers)
    {
        DigestChallenge? best = null;
        foreach (var h in headers)
        {
            if (!DigestChallenge.TryParse(h, out var c) || c.Algorithm is null) continue;
            if (best is null || (c.Algorithm == DigestAlgorithm.Sha256 && best.Algorithm != DigestAlgorithm.Sha256)) best = c;
        }
        return best;
    }

    public static string CreateAuthorization(DigestChallenge challenge, string method, string uri, DigestCredentials credentials,
        string cnonce, uint nonceCount)
    {
        var algorithm = challenge.Algorithm ?? DigestAlgorithm.Md5;
        var nc = nonceCount.ToString("x8", CultureInfo.InvariantCulture);
        var qop = challenge.OffersQopAuth ? "auth" : null;
        var response = ComputeResponse(algorithm, credentials.Username, challenge.Realm!, credentials.Password, method, uri,
            challenge.Nonce!, qop, nc, cnonce);
        var parts = new List<string>
        {
            $"username={SipGrammar.Quote(credentials.Username)}",
            $"realm={SipGrammar.Quote(challenge.Realm!)}",
            $"nonce={SipGrammar.Quote(challenge.Nonce!)}",
            $"uri={SipGrammar.Quote(uri)}",
            $"response={SipGrammar.Quote(response)}",
            $"algorithm={algorithm.Name()}",
        };
        if (qop is not null)
        {
            parts.Add($"qop={qop}");
            parts.Add($"nc={nc}");
            parts.Add($"cnonce={SipGrammar.Quote(cnonce)}");
        }
        if (challenge.Opaque is { } opaque) parts.Add($"opaque={SipGrammar.Quote(opaque)}");
        return "Digest " + string.Join(", ", parts);
    }

    /// <summary>request-digest of RFC 2617 §3.2.2.1 (with qop) or RFC 2069 (without).</summary>
    public static string ComputeResponse(DigestAlgorithm algorithm, string username, string realm, string password,
        string method, string uri, string nonce, string? qop, string? nc, string? cnonce)
    {
        var ha1 = algorithm.Hash($"{username}:{realm}:{password}");
        var ha2 = algorithm.Hash($"{method}:{uri}");
        return qop is null
            ? algorithm.Hash($"{ha1}:{nonce}:{ha2}")
            : algorithm.Hash($"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}");
    }
}
