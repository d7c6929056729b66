using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ClutchCall.Gateway.RateLimiting;

/// <summary>
/// A token bucket per org for originates: Burst calls at once, refilled at CallsPerSecond. Time comes from
/// TimeProvider so tests drive it by hand. Limits apply per gateway process.
/// </summary>
public sealed class OrgCallRateLimiter(IOptions<VoiceGatewayOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly double _rate = Math.Max(options.Value.RateLimit.CallsPerSecond, 0.001);
    private readonly double _capacity = Math.Max(options.Value.RateLimit.Burst, 1);

    /// <summary>Takes one call from the org's bucket; when empty, says how long until the next token.</summary>
    public bool TryAcquire(string orgId, out TimeSpan retryAfter)
    {
        var now = time.GetTimestamp();
        var bucket = _buckets.GetOrAdd(orgId, static (_, s) => new Bucket(s.capacity, s.now), (capacity: _capacity, now));
        lock (bucket)
        {
            var elapsed = time.GetElapsedTime(bucket.Stamp, now).TotalSeconds;
            if (elapsed > 0)
            {
                bucket.Tokens = Math.Min(_capacity, bucket.Tokens + elapsed * _rate);
                bucket.Stamp = now;
            }
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }
            retryAfter = TimeSpan.FromSeconds((1 - bucket.Tokens) / _rate);
            return false;
        }
    }

    private sealed class Bucket(double tokens, long stamp)
    {
        public double Tokens { get; set; } = tokens;
        public long Stamp { get; set; } = stamp;
    }
}
