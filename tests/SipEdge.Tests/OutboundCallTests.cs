using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using ClutchCall.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ClutchCall.SipEdge.Tests;

/// <summary>Outbound calls placed over HTTP on a SIP trunk whose far end is a real baresip.</summary>
public sealed class OutboundCallTests(EdgeHost host, ITestOutputHelper output) : IClassFixture<EdgeHost>
{
    private static readonly byte[] MuLawBridge = Encoding.UTF8.GetBytes("""{"codec":"g711_ulaw","sampleRate":8000,"channels":1,"frameMs":20}""");

    private static string Sid(System.Text.Json.JsonElement call) => call.GetProperty("sid").GetString()!;

    [Fact]
    public async Task An_answered_call_carries_audio_both_ways_and_hangup_sends_bye()
    {
        await using var baresip = await BaresipPeer.StartAsync(host.SpeechTwiceWav);
        host.PointTrunkAt(baresip);
        using var events = await baresip.ListenAsync();
        var clock = Stopwatch.StartNew();
        var sid = Sid(await host.OriginateAsync());
        await host.WaitForStatusAsync(sid, "in_progress");
        output.WriteLine($"originate -> in_progress: {clock.ElapsedMilliseconds} ms");

        // A server-side bridge on the call: it hears the caller leg (uplink) and speaks to it (downlink).
        var channels = host.Services.GetRequiredService<IGrainChannelFactory>();
        await using var bridge = await channels.OpenAsync(new GrainId("call", sid), "bridge:attach", MuLawBridge, CancellationToken.None);
        var heard = AudioChecks.ReceiveMuLawAsync(bridge.Incoming, TimeSpan.FromSeconds(2 * EdgeHost.PassSeconds + 0.5));
        await AudioChecks.SendMuLawAsync(bridge.TrySend, host.OtherSpeechTwice, TimeSpan.FromSeconds(2 * EdgeHost.PassSeconds));
        var uplink = await heard;

        var hangup = await host.PostAsync(sid, "hangup");
        Assert.True(hangup.IsSuccessStatusCode, await hangup.Content.ReadAsStringAsync());
        var ended = await host.WaitForStatusAsync(sid, "completed");
        Assert.Equal("hangup", ended.GetProperty("endReason").GetString());
        Assert.True(await events.WaitForAsync(t => t.Contains("CALL_CLOSED", StringComparison.Ordinal), TimeSpan.FromSeconds(5)), events.Text);
        await Task.Delay(300); // baresip finishes its recording when the call closes

        AudioChecks.AssertSounds(output, uplink, host.Speech, "baresip -> bridge (uplink)", host.OtherSpeech, passes: 2);
        AudioChecks.AssertSounds(output, baresip.Recorded(), host.OtherSpeech, "bridge -> baresip (downlink)", host.Speech, passes: 2);
    }

    [Fact]
    public async Task An_idempotent_replay_of_the_originate_dials_nothing()
    {
        await using var trunk = new RefusingTrunk(_ => host.Speech);
        host.Agent.UpsertTrunk(new Sip.UserAgent.SipTrunkOptions { Id = EdgeHost.Trunk, Host = "127.0.0.1", Port = trunk.Port, CallerId = "+15558675309" });
        var key = Guid.NewGuid().ToString("N");
        async Task<string> PostAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/orgs/{EdgeHost.Org}/calls")
            {
                Content = JsonContent.Create(new { to = "+15551230077", from = "+15558675309", trunkId = EdgeHost.Trunk }),
            };
            request.Headers.Add("Idempotency-Key", key);
            var response = await host.Http.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
            return Sid(await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>());
        }
        var sid = await PostAsync();
        await host.WaitForStatusAsync(sid, "in_progress");
        Assert.True((await host.PostAsync(sid, "hangup")).IsSuccessStatusCode);
        await host.WaitForStatusAsync(sid, "completed");
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (host.Edge.FindCall(sid) is not null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        // Retries after the call ended (the edge holds nothing for the sid any more) must not dial it again.
        Assert.Equal(sid, await PostAsync());
        Assert.Equal(sid, await PostAsync());
        await Task.Delay(500);
        Assert.Single(trunk.Calls);

        // What the gateway keys the dial on: only the request that created the call says so. (Above, a replay after the
        // end is also refused its leg channel; a replay through another gateway while the call is live relies on this.)
        var grain = host.Services.GetRequiredService<IGrainFactory>().GetGrain<Grains.Interfaces.ICallGrain>(Grains.Interfaces.CallSid.New());
        var originate = new Grains.Interfaces.OriginateCall(EdgeHost.Org, "+15551230078", "+15558675309", "trunk_sim", null, null, 30, "fingerprint");
        Assert.True((await grain.OriginateAsync(originate)).Created);
        var replay = await grain.OriginateAsync(originate);
        Assert.True(replay.IsOk);
        Assert.False(replay.Created);
        await grain.HangupAsync(new Grains.Interfaces.HangupCall(EdgeHost.Org));
    }

    [Fact]
    public async Task Busy_here_fails_the_call_with_reason_busy()
    {
        await using var baresip = await BaresipPeer.StartAsync(host.SpeechWav, autoAnswer: false);
        host.PointTrunkAt(baresip);
        using var events = await baresip.ListenAsync();
        var sid = Sid(await host.OriginateAsync());
        await host.WaitForStatusAsync(sid, "ringing");
        await events.SendCommandAsync("hangup"); // baresip refuses the ringing call: 486 Busy Here
        var failed = await host.WaitForStatusAsync(sid, "failed");
        Assert.Equal("busy", failed.GetProperty("endReason").GetString());
    }

    [Fact]
    public async Task The_ring_timeout_cancels_the_invite_and_ends_no_answer()
    {
        await using var baresip = await BaresipPeer.StartAsync(host.SpeechWav, autoAnswer: false);
        host.PointTrunkAt(baresip);
        using var events = await baresip.ListenAsync();
        var sid = Sid(await host.OriginateAsync(ringTimeoutSec: 5));
        await host.WaitForStatusAsync(sid, "ringing");
        var ended = await host.WaitForStatusAsync(sid, "no_answer", seconds: 10);
        Assert.Equal("ring_timeout", ended.GetProperty("endReason").GetString());
        // baresip saw our CANCEL: its ringing call closed without being answered.
        Assert.True(await events.WaitForAsync(t => t.Contains("CALL_CLOSED", StringComparison.Ordinal), TimeSpan.FromSeconds(5)), events.Text);
        Assert.DoesNotContain("CALL_ESTABLISHED", events.Text);
    }

    [Fact]
    public async Task A_bye_from_the_far_end_completes_the_call()
    {
        await using var baresip = await BaresipPeer.StartAsync(host.SpeechWav);
        host.PointTrunkAt(baresip);
        using var events = await baresip.ListenAsync();
        var sid = Sid(await host.OriginateAsync());
        await host.WaitForStatusAsync(sid, "in_progress");
        await Task.Delay(300);
        await events.SendCommandAsync("hangup");
        var ended = await host.WaitForStatusAsync(sid, "completed");
        Assert.Equal("remote_hangup", ended.GetProperty("endReason").GetString());
    }

    [Fact]
    public async Task A_far_end_that_dies_silently_is_caught_by_rtp_inactivity()
    {
        await using var baresip = await BaresipPeer.StartAsync(host.SpeechWav);
        host.PointTrunkAt(baresip);
        var sid = Sid(await host.OriginateAsync());
        await host.WaitForStatusAsync(sid, "in_progress");
        await Task.Delay(500);
        baresip.Kill(); // no BYE, no more RTP
        var ended = await host.WaitForStatusAsync(sid, "completed", seconds: 10);
        Assert.Equal("media_timeout", ended.GetProperty("endReason").GetString());
    }
}
