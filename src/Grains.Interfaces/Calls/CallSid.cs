using System.Security.Cryptography;
using System.Text;

namespace ClutchCall.Grains.Interfaces;

/// <summary>Call sids: "CA" + 32 lowercase hex digits. Random for new calls, derived for idempotent originates.</summary>
public static class CallSid
{
    public const string Prefix = "CA";
    public const int Length = 34;

    public static string New() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The same org and Idempotency-Key always give the same sid, so a retry reaches the same grain on any gateway.</summary>
    public static string FromIdempotencyKey(string orgId, string idempotencyKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(orgId + "\n" + idempotencyKey));
        return Prefix + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    public static bool IsValid(string? sid)
    {
        if (sid is null || sid.Length != Length || !sid.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var c in sid.AsSpan(2))
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
