using ClutchCall.TestKit;
using System.Net.Http.Json;
using ClutchCall.Gateway.RateLimiting;
using ClutchCall.Testing;
using Microsoft.Extensions.Options;

namespace ClutchCall.Gateway.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public void Bucket_allows_a_burst_then_refills_at_the_configured_rate()
    {
        var time = new ManualTimeProvider();
        var limiter = new OrgCallRateLimiter(Options.Create(new VoiceGatewayOptions { RateLimit = new() { CallsPerSecond = 2, Burst = 3 } }), time);

        Assert.True(limiter.TryAcquire("o", out _));
        Assert.True(limiter.TryAcquire("o", out _));
        Assert.True(limiter.TryAcquire("o", out _));
        Assert.False(limiter.TryAcquire("o", out var wait));
        Assert.Equal(TimeSpan.FromMilliseconds(500), wait);
        Assert.True(limiter.TryAcquire("other", out _));

        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(limiter.TryAcquire("o", out _));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(limiter.TryAcquire("o", out _));
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(3, Enumerable.Range(0, 5).Count(_ => limiter.TryAcquire("o", out TimeSpan _)));
    }

    [Fact]
    public async Task Over_the_limit_originate_is_429_with_retry_after()
    {
        await using var host = await VoiceTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Voice:RateLimit:CallsPerSecond"] = "0.1",
            ["Voice:RateLimit:Burst"] = "2",
        });
        var client = host.Client();

        await client.OriginateAsync();
        await client.OriginateAsync();
        var limited = await client.PostAsJsonAsync(Api.Calls, new { to = "+15551234567", from = "+15558675309", trunkId = "trunk_sim" });

        await limited.AssertProblemAsync(429);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 10);
        // Reads are not limited.
        Assert.True((await client.GetAsync(Api.Calls)).IsSuccessStatusCode);
    }
}
