using System.Text;
using ClutchCall.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ClutchCall.SipEdge.Tests;

/// <summary>baresip calls the engine's SIP edge: the call rings in PENDING, answer sends 200 OK, disconnect sends BYE.</summary>
public sealed class InboundCallTests(EdgeHost host, ITestOutputHelper output) : IClassFixture<EdgeHost>
{
    private static readonly byte[] MuLawBridge = Encoding.UTF8.GetBytes("""{"codec":"g711_ulaw","sampleRate":8000,"channels":1,"frameMs":20}""");

    private async Task<(BaresipPeer Baresip, Sip.Interop.Tests.BaresipEvents Events, string Sid)> RingInAsync()
    {
        var baresip = await BaresipPeer.StartAsync(host.SpeechTwiceWav, user: "+15551230002");
        var events = await baresip.ListenAsync();
        var known = await host.KnownSidsAsync();
        await events.SendCommandAsync("dial", $"sip:+15550001111@127.0.0.1:{host.Agent.UdpEndPoint!.Port}");
        var sid = await host.WaitForNewCallAsync("ringing", known);
        return (baresip, events, sid);
    }

    [Fact]
    public async Task An_inbound_call_rings_pending_is_answered_with_audio_and_disconnect_sends_bye()
    {
        var (baresip, events, sid) = await RingInAsync();
        await using var _ = baresip;
        using var __ = events;
        var ringing = await host.GetAsync(sid);
        Assert.Equal("inbound", ringing.GetProperty("direction").GetString());
        Assert.Equal("pending", ringing.GetProperty("inbound").GetProperty("state").GetString());
        Assert.Equal(EdgeHost.Trunk, ringing.GetProperty("trunkId").GetString());
        Assert.Equal("+15551230002", ringing.GetProperty("from").GetString());
        Assert.Equal("+15550001111", ringing.GetProperty("to").GetString());
        Assert.True(await events.WaitForAsync(t => t.Contains("CALL_RINGING", StringComparison.Ordinal), TimeSpan.FromSeconds(5)), events.Text);
        Assert.DoesNotContain("CALL_ESTABLISHED", events.Text);

        var answer = await host.PostAsync(sid, "answer");
        Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
        await host.WaitForStatusAsync(sid, "in_progress");
        Assert.True(await events.WaitForAsync(t => t.Contains("CALL_ESTABLISHED", StringComparison.Ordinal), TimeSpan.FromSeconds(5)), events.Text);

        var channels = host.Services.GetRequiredService<IGrainChannelFactory>();
        await using (var bridge = await channels.OpenAsync(new GrainId("call", sid), "bridge:attach", MuLawBridge, CancellationToken.None))
        {
            var heard = AudioChecks.ReceiveMuLawAsync(bridge.Incoming, TimeSpan.FromSeconds(2 * EdgeHost.PassSeconds + 0.5));
            await AudioChecks.SendMuLawAsync(bridge.TrySend, host.OtherSpeechTwice, TimeSpan.FromSeconds(2 * EdgeHost.PassSeconds));
            var uplink = await heard;
            var stats = await host.Services.GetRequiredService<IGrainFactory>().GetGrain<Grains.Interfaces.ICallGrain>(sid).GetMediaStatsAsync();
            var port = host.Edge.FindCall(sid)?.Rtp.Received;
            output.WriteLine($"hub ticks {stats.Ticks}, skipped {stats.SkippedTicks}, leg frames {stats.CallerLeg?.FramesSent}; channels: {string.Join("; ", stats.Channels)}; rtp received {port?.PacketsReceived}");
            AudioChecks.AssertSounds(output, uplink, host.Speech, "caller -> bridge (inbound uplink)", host.OtherSpeech, passes: 2);
        }

        var disconnect = await host.PostAsync(sid, "disconnect");
        Assert.True(disconnect.IsSuccessStatusCode, await disconnect.Content.ReadAsStringAsync());
        var ended = await host.WaitForStatusAsync(sid, "completed");
        Assert.Equal("disconnected", ended.GetProperty("endReason").GetString());
        Assert.True(await events.WaitForAsync(t => t.Contains("CALL_CLOSED", StringComparison.Ordinal), TimeSpan.FromSeconds(5)), events.Text);
        await Task.Delay(300);
        AudioChecks.AssertSounds(output, baresip.Recorded(), host.OtherSpeech, "bridge -> caller (inbound downlink)", host.Speech, passes: 2);

        var types = (await host.EventsAsync(sid)).Select(e => e.GetProperty("type").GetString()).ToList();
        output.WriteLine(string.Join(", ", types));
        Assert.Contains("call.incoming", types);
    }

    [Fact]
    public async Task The_caller_hanging_up_completes_the_inbound_call()
    {
        var (baresip, events, sid) = await RingInAsync();
        await using var _ = baresip;
        using var __ = events;
        Assert.True((await host.PostAsync(sid, "answer")).IsSuccessStatusCode);
        await host.WaitForStatusAsync(sid, "in_progress");
        Assert.True(await events.WaitForAsync(t => t.Contains("CALL_ESTABLISHED", StringComparison.Ordinal), TimeSpan.FromSeconds(5)), events.Text);
        await events.SendCommandAsync("hangup");
        var ended = await host.WaitForStatusAsync(sid, "completed");
        Assert.Equal("remote_hangup", ended.GetProperty("endReason").GetString());
    }

    [Fact]
    public async Task Disconnecting_a_pending_call_rejects_the_invite()
    {
        var (baresip, events, sid) = await RingInAsync();
        await using var _ = baresip;
        using var __ = events;
        Assert.True((await host.PostAsync(sid, "disconnect")).IsSuccessStatusCode);
        var ended = await host.WaitForStatusAsync(sid, "completed");
        Assert.Equal("rejected", ended.GetProperty("endReason").GetString());
        Assert.True(await events.WaitForAsync(t => t.Contains("CALL_CLOSED", StringComparison.Ordinal), TimeSpan.FromSeconds(5)), events.Text);
        output.WriteLine(events.Text);
        Assert.Contains("603", events.Text[events.Text.IndexOf("CALL_CLOSED", StringComparison.Ordinal)..]);
    }
}
