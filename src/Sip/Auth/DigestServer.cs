using System.Security.Cryptography;
using System.Text;

namespace ClutchCall.Sip.Auth;

public enum DigestVerification { Valid, Missing, Malformed, WrongUser, StaleNonce, BadResponse }

/// <summary>
/// Challenges and verifies inbound requests. Nonces are stateless: a timestamp plus an HMAC over it, so any gateway
/// replica can check a nonce another replica issued as long as they share the secret.
/// </summary>
public sealed class DigestServer(byte[] secret, TimeProvider time, TimeSpan nonceLifetime)
{
    public string CreateChallenge(string realm, DigestAlgorithm algorithm, bool stale = false)
    {
        var nonce = CreateNonce();
        return $"Digest realm=\"{realm}\", nonce=\"{nonce}\", algorithm={algorithm.Name()}, qop=\"auth\"" + (stale ? ", stale=TRUE" : "");
    }

    public DigestVerification Verify(string? authorization, string method, string realm, DigestCredentials expected)
    {
        if (authorization is null) return DigestVerification.Missing;
        if (!DigestChallenge.TryParse(authorization, out var a) || a.Algorithm is not { } algorithm) return DigestVerification.Malformed;
        var p = a.Parameters;
        if (!p.TryGetValue("username", out var user) || !p.TryGetValue("uri", out var uri) || !p.TryGetValue("response", out var response))
        {
            return DigestVerification.Malformed;
        }
        if (!string.Equals(a.Realm, realm, StringComparison.Ordinal)) return DigestVerification.Malformed;
        if (!FixedEquals(user, expected.Username)) return DigestVerification.WrongUser;
        if (!CheckNonce(a.Nonce!)) return DigestVerification.StaleNonce;
        p.TryGetValue("qop", out var qop);
        p.TryGetValue("nc", out var nc);
        p.TryGetValue("cnonce", out var cnonce);
        if (qop is not null && (qop != "auth" || nc is null || cnonce is null)) return DigestVerification.Malformed;
        var want = DigestClient.ComputeResponse(algorithm, expected.Username, realm, expected.Password, method, uri, a.Nonce!, qop, nc, cnonce);
        return FixedEquals(want, response.ToLowerInvariant()) ? DigestVerification.Valid : DigestVerification.BadResponse;
    }

    private string CreateNonce()
    {
        var stamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return stamp + "." + Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(stamp)))[..32];
    }

    private bool CheckNonce(string nonce)
    {
        var dot = nonce.IndexOf('.');
        if (dot <= 0 || !long.TryParse(nonce.AsSpan(0, dot), out var stamp)) return false;
        var mac = Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(nonce[..dot])))[..32];
        if (!FixedEquals(mac, nonce[(dot + 1)..])) return false;
        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(stamp);
        return age >= TimeSpan.FromSeconds(-5) && age <= nonceLifetime;
    }

    private static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
