using ClutchCall.Sip.UserAgent;
using Xunit.Abstractions;

namespace ClutchCall.SipEdge.Tests;

/// <summary>
/// The front-desk flow on a real SIP trunk: baresip A calls in, the call is answered, <c>connect</c> makes the edge dial
/// the original callee (baresip B, reached over the trunk) as a second leg, <c>close</c> takes the agent out, and
/// caller and callee keep talking to each other until <c>disconnect</c> ends both legs.
/// </summary>
public sealed class ConnectCallTests(EdgeHost host, ITestOutputHelper output) : IClassFixture<EdgeHost>
{
    [Fact]
    public async Task Answer_connect_close_leaves_caller_and_callee_talking_and_disconnect_ends_both()
    {
        var otherTwice = Path.Combine(host.Dir, "other-twice.wav");
        await Sip.Interop.Tests.AudioFixtures.RunAsync("sox", Path.Combine(host.Dir, "other", "speech.wav"), otherTwice, "trim", "0", EdgeHost.PassSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "repeat", "1", "pad", "0", "20");
        await using var callee = await BaresipPeer.StartAsync(otherTwice, user: "+15550001111");
        host.PointTrunkAt(callee);
        await using var caller = await BaresipPeer.StartAsync(host.SpeechTwiceWav, user: "+15551230002");
        using var callerEvents = await caller.ListenAsync();
        using var calleeEvents = await callee.ListenAsync();
        var known = await host.KnownSidsAsync();
        await callerEvents.SendCommandAsync("dial", $"sip:+15550001111@127.0.0.1:{host.Agent.UdpEndPoint!.Port}");
        var sid = await host.WaitForNewCallAsync("ringing", known);

        Assert.True((await host.PostAsync(sid, "answer")).IsSuccessStatusCode);
        await host.WaitForStatusAsync(sid, "in_progress");
        var connect = await host.PostAsync(sid, "connect", new { ringTimeSeconds = 20 });
        Assert.True(connect.IsSuccessStatusCode, await connect.Content.ReadAsStringAsync());
        Assert.True(await calleeEvents.WaitForAsync(t => t.Contains("CALL_ESTABLISHED", StringComparison.Ordinal), TimeSpan.FromSeconds(10)), calleeEvents.Text);
        Assert.Equal(SipCallState.Established, host.Edge.FindCallee(sid)?.State);
        var close = await host.PostAsync(sid, "close");
        Assert.True(close.IsSuccessStatusCode, await close.Content.ReadAsStringAsync());
        var closed = await host.GetAsync(sid);
        Assert.Equal("in_progress", closed.GetProperty("status").GetString());
        Assert.True(closed.GetProperty("inbound").GetProperty("calleeInCall").GetBoolean());
        Assert.False(closed.GetProperty("inbound").GetProperty("agentInCall").GetBoolean());

        // Both clips play twice; the checks judge the better pass.
        await Task.Delay(TimeSpan.FromSeconds(2 * EdgeHost.PassSeconds + 1));
        var disconnect = await host.PostAsync(sid, "disconnect");
        Assert.True(disconnect.IsSuccessStatusCode, await disconnect.Content.ReadAsStringAsync());
        await host.WaitForStatusAsync(sid, "completed");
        Assert.True(await callerEvents.WaitForAsync(t => t.Contains("CALL_CLOSED", StringComparison.Ordinal), TimeSpan.FromSeconds(5)), callerEvents.Text);
        Assert.True(await calleeEvents.WaitForAsync(t => t.Contains("CALL_CLOSED", StringComparison.Ordinal), TimeSpan.FromSeconds(5)), calleeEvents.Text);
        await Task.Delay(300);

        AudioChecks.AssertSounds(output, callee.Recorded(), host.Speech, "caller -> callee (through the conference)", host.OtherSpeech, passes: 2);
        AudioChecks.AssertSounds(output, caller.Recorded(), host.OtherSpeech, "callee -> caller (through the conference)", host.Speech, passes: 2);
        var types = (await host.EventsAsync(sid)).Select(e => e.GetProperty("type").GetString()).ToList();
        output.WriteLine(string.Join(", ", types));
    }
}
