using System.Security.Cryptography;
using System.Text;

namespace ClutchCall.Sip.Auth;

/// <summary>Digest hash functions: MD5 (RFC 2617) and SHA-256 (RFC 8760 / RFC 7616).</summary>
public enum DigestAlgorithm { Md5, Sha256 }

public static class DigestAlgorithmExtensions
{
    public static string Name(this DigestAlgorithm a) => a == DigestAlgorithm.Sha256 ? "SHA-256" : "MD5";

    public static DigestAlgorithm? Parse(string? name) => name?.ToUpperInvariant() switch
    {
        null or "" or "MD5" => DigestAlgorithm.Md5,
        "SHA-256" => DigestAlgorithm.Sha256,
        _ => null,
    };

    public static string Hash(this DigestAlgorithm a, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var hash = a == DigestAlgorithm.Sha256 ? SHA256.HashData(bytes) : MD5.HashData(bytes);
        return Convert.ToHexStringLower(hash);
    }
}
