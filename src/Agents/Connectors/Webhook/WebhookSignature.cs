using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ClutchCall.Agents.Connectors.Webhook;

/// <summary>Why <see cref="WebhookSignature.Verify"/> accepted or refused a delivery.</summary>
public enum WebhookSignatureResult
{
    Valid,
    MissingHeader,
    MalformedHeader,
    TimestampOutOfTolerance,
    NoMatchingSignature,
}

/// <summary>
/// Stripe-style webhook signing: <c>ClutchCall-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "{t}.{rawBody}")&gt;</c>.
/// The key is the UTF-8 bytes of the secret. A header may carry several <c>v1</c> values (key rotation); one match is enough.
/// <see cref="Verify"/> is what an operator's server runs: it checks the timestamp against a tolerance (300 s by default)
/// to stop replays and compares in constant time.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "ClutchCall-Signature";
    public const string DeliveryIdHeaderName = "webhook-id";
    public const string Scheme = "v1";

    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromSeconds(300);

    private const int MacBytes = 32;

    /// <summary>The header value for <paramref name="rawBody"/> sent at <paramref name="unixSeconds"/>.</summary>
    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> rawBody)
    {
        Span<byte> mac = stackalloc byte[MacBytes];
        ComputeMac(secret, unixSeconds, rawBody, mac);
        return string.Create(CultureInfo.InvariantCulture, $"t={unixSeconds},{Scheme}={Convert.ToHexStringLower(mac)}");
    }

    /// <summary>Checks a delivery as received: the header value, the body bytes exactly as read, the shared secret.</summary>
    public static WebhookSignatureResult Verify(string? header, ReadOnlySpan<byte> rawBody, string secret, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (string.IsNullOrWhiteSpace(header))
        {
            return WebhookSignatureResult.MissingHeader;
        }

        if (!TryParseTimestamp(header, out long timestamp))
        {
            return WebhookSignatureResult.MalformedHeader;
        }

        long skew = Math.Abs(now.ToUnixTimeSeconds() - timestamp);
        if (skew > (long)(tolerance ?? DefaultTolerance).TotalSeconds)
        {
            return WebhookSignatureResult.TimestampOutOfTolerance;
        }

        Span<byte> expected = stackalloc byte[MacBytes];
        Span<byte> candidate = stackalloc byte[MacBytes];
        ComputeMac(secret, timestamp, rawBody, expected);
        bool anyCandidate = false;
        bool match = false;
        foreach (Range part in header.AsSpan().Split(','))
        {
            if (!TrySplitPair(header.AsSpan()[part], out var key, out var value) || !key.SequenceEqual(Scheme))
            {
                continue;
            }

            if (value.Length != MacBytes * 2 || Convert.FromHexString(value, candidate, out _, out _) != OperationStatus.Done)
            {
                continue;
            }

            anyCandidate = true;
            match |= CryptographicOperations.FixedTimeEquals(expected, candidate);
        }

        return match ? WebhookSignatureResult.Valid
            : anyCandidate ? WebhookSignatureResult.NoMatchingSignature
            : WebhookSignatureResult.MalformedHeader;
    }

    private static bool TryParseTimestamp(string header, out long timestamp)
    {
        timestamp = 0;
        bool found = false;
        foreach (Range part in header.AsSpan().Split(','))
        {
            if (TrySplitPair(header.AsSpan()[part], out var key, out var value) && key.SequenceEqual("t"))
            {
                if (found || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp))
                {
                    return false;
                }

                found = true;
            }
        }

        return found;
    }

    private static bool TrySplitPair(ReadOnlySpan<char> pair, out ReadOnlySpan<char> key, out ReadOnlySpan<char> value)
    {
        pair = pair.Trim();
        int eq = pair.IndexOf('=');
        key = eq < 0 ? default : pair[..eq].Trim();
        value = eq < 0 ? default : pair[(eq + 1)..].Trim();
        return eq > 0;
    }

    private static void ComputeMac(string secret, long unixSeconds, ReadOnlySpan<byte> rawBody, Span<byte> mac)
    {
        byte[] key = Encoding.UTF8.GetBytes(secret);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        Span<byte> prefix = stackalloc byte[24];
        unixSeconds.TryFormat(prefix, out int written, provider: CultureInfo.InvariantCulture);
        prefix[written++] = (byte)'.';
        hmac.AppendData(prefix[..written]);
        hmac.AppendData(rawBody);
        hmac.GetHashAndReset(mac);
    }
}
