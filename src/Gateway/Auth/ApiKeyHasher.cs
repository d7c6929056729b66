using System.Security.Cryptography;
using System.Text;

namespace ClutchCall.Gateway.Auth;

/// <summary>Keys are stored as the SHA-256 of their secret: a leaked store reveals no usable key.</summary>
public static class ApiKeyHasher
{
    public const string Prefix = "cc_";

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>A new key: "cc_" + 43 url-safe base64 characters (256 random bits).</summary>
    public static string NewSecret() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
