using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Runtime;
using ClutchCall.Sip.UserAgent;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ClutchCall.SipEdge.Tests;

/// <summary>Many calls at once through the edge against a scripted trunk that answers everything with real RTP.</summary>
public sealed class ConcurrentCallsTests(EdgeHost host, ITestOutputHelper output) : IClassFixture<EdgeHost>
{
    private const int Calls = 40;

    [Fact]
    public async Task Forty_concurrent_calls_are_set_up_carry_audio_both_ways_and_hang_up()
    {
        await using var trunk = new RefusingTrunk(_ => host.Speech);
        host.Agent.UpsertTrunk(new SipTrunkOptions { Id = EdgeHost.Trunk, Host = "127.0.0.1", Port = trunk.Port, CallerId = "+15558675309" });

        // One call first, so the figures below are not the process's first-call JIT.
        var warm = (await host.OriginateAsync("+15552009999")).GetProperty("sid").GetString()!;
        await host.WaitForStatusAsync(warm, "in_progress");
        await host.PostAsync(warm, "hangup");
        await host.WaitForStatusAsync(warm, "completed");

        var setups = await Task.WhenAll(Enumerable.Range(0, Calls).Select(async i =>
        {
            var clock = Stopwatch.StartNew();
            var call = await host.OriginateAsync($"+1555200{i:D4}");
            var sid = call.GetProperty("sid").GetString()!;
            await host.WaitForStatusAsync(sid, "in_progress", seconds: 20);
            return (Sid: sid, Ms: clock.Elapsed.TotalMilliseconds);
        }));
        var sorted = setups.Select(s => s.Ms).Order().ToArray();
        output.WriteLine($"{Calls} calls: originate -> in_progress p50 {sorted[Calls / 2]:F0} ms, p95 {sorted[Calls * 95 / 100]:F0} ms, max {sorted[^1]:F0} ms");

        await Task.Delay(3000);
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var stats = await Task.WhenAll(setups.Select(s => grains.GetGrain<ICallGrain>(s.Sid).GetMediaStatsAsync()));
        var uplink = stats.Select(s => s.CallerLeg?.FramesSent ?? 0).ToArray();
        var heardByTrunk = trunk.Calls.Values.Where(c => c.Number != "+15552009999").Select(c => { lock (c.Heard) { return c.Heard.Count / 160; } }).ToArray();
        output.WriteLine($"uplink frames per call (grain): min {uplink.Min()}, max {uplink.Max()}; downlink frames per call (trunk): min {heardByTrunk.Min()}, max {heardByTrunk.Max()}");
        output.WriteLine($"edge legs: {host.Edge.ActiveLegs}");
        Assert.Equal(Calls + 1, trunk.Calls.Count);
        Assert.All(uplink, n => Assert.True(n > 75, $"a call's grain got only {n} uplink frames in 3 s"));
        Assert.All(heardByTrunk, n => Assert.True(n > 75, $"a call's far end heard only {n} frames in 3 s"));

        await Task.WhenAll(setups.Select(async s => Assert.True((await host.PostAsync(s.Sid, "hangup")).IsSuccessStatusCode)));
        await Task.WhenAll(trunk.Calls.Values.Select(c => c.Bye.Task.WaitAsync(TimeSpan.FromSeconds(10))));
        foreach (var s in setups)
        {
            Assert.Equal("completed", (await host.GetAsync(s.Sid)).GetProperty("status").GetString());
        }
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (host.Edge.ActiveLegs > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(0, host.Edge.ActiveLegs);
    }
}
