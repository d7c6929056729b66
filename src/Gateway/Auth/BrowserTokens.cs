using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ClutchCall.Gateway.Auth;

/// <summary>
/// Short-lived tokens for browsers, limited to one call sid: "cct_" + base64url(claims JSON) + "." + base64url(HMAC-SHA256).
/// Stateless, so any gateway that shares TokenSigningKey accepts them. A bridge token is the same token with a
/// <c>role</c> claim (<c>attach</c> or <c>attachCaller</c>): the MoQT edge only accepts tokens that carry one.
/// </summary>
public sealed class BrowserTokens
{
    public const string Prefix = "cct_";

    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public BrowserTokens(IOptions<VoiceGatewayOptions> options, TimeProvider time)
    {
        _time = time;
        _key = options.Value.TokenSigningKey is { Length: > 0 } configured
            ? Convert.FromBase64String(configured)
            : RandomNumberGenerator.GetBytes(32);
    }

    public string Issue(string orgId, string sid, IReadOnlyCollection<string> scopes, DateTimeOffset expiresAt, string? role = null)
    {
        var claims = new TokenClaims(orgId, sid, [.. scopes], expiresAt.ToUnixTimeSeconds(), role);
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims, TokenJson.Default.TokenClaims));
        return Prefix + payload + "." + Sign(payload);
    }

    /// <summary>The caller the token stands for, or null when it is malformed, forged or expired.</summary>
    public VoiceCaller? Validate(string token)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var body = token.AsSpan(Prefix.Length);
        var dot = body.IndexOf('.');
        if (dot <= 0)
        {
            return null;
        }
        var payload = body[..dot].ToString();
        var expected = Encoding.ASCII.GetBytes(Sign(payload));
        var given = Encoding.ASCII.GetBytes(body[(dot + 1)..].ToString());
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return null;
        }
        TokenClaims? claims;
        try
        {
            claims = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(payload), TokenJson.Default.TokenClaims);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return null;
        }
        if (claims is null || _time.GetUtcNow().ToUnixTimeSeconds() >= claims.Exp)
        {
            return null;
        }
        var scopes = claims.Scp.Where(VoiceScopes.BrowserAllowed.Contains).ToHashSet(StringComparer.Ordinal);
        return new VoiceCaller(claims.Org, scopes, claims.Sid, claims.Role);
    }

    private string Sign(string payload) => Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(payload)));
}

internal sealed record TokenClaims(
    string Org,
    string Sid,
    string[] Scp,
    long Exp,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Role = null);

[System.Text.Json.Serialization.JsonSerializable(typeof(TokenClaims))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
internal sealed partial class TokenJson : System.Text.Json.Serialization.JsonSerializerContext;
