using System.Net;
using System.Net.Sockets;
using System.Text;
using ClutchCall.Sip.Messages;
using ClutchCall.Sip.Parsing;
using ClutchCall.Sip.Rtp;
using ClutchCall.Sip.Transport;
using ClutchCall.Sip.UserAgent;

namespace ClutchCall.Sip.Tests;

/// <summary>Our user agent on both ends over loopback UDP and TCP (LiveKit's signaling_test.go style).</summary>
public class UserAgentLoopbackTests : IAsyncLifetime
{
    private readonly LoopbackAgents _agents = new();
    private SipUserAgent _caller = null!;
    private SipUserAgent _callee = null!;

    public async Task InitializeAsync()
    {
        _caller = await _agents.StartAsync();
        _callee = await _agents.StartAsync();
    }

    public async Task DisposeAsync() => await _agents.DisposeAsync();

    private static byte[] Frame(int seed) => [.. Enumerable.Range(0, 160).Select(i => (byte)(seed * 7 + i))];

    private static async Task<List<RtpFrame>> ReceiveFramesAsync(IRtpMediaChannel media, int count)
    {
        var frames = new List<RtpFrame>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (frames.Count < count) frames.Add(await media.Frames.ReadAsync(cts.Token));
        return frames;
    }

    [Theory]
    [InlineData(SipTransportKind.Udp)]
    [InlineData(SipTransportKind.Tcp)]
    public async Task Call_is_answered_audio_and_dtmf_flow_both_ways_and_bye_ends_both_legs(SipTransportKind kind)
    {
        LoopbackAgents.Connect(_caller, _callee, kind);
        SipCall? dialing = null;
        var invite = _caller.InviteAsync("out", "+15552223333", new InviteOptions { OnCallCreated = c => dialing = c });
        var incoming = await _callee.NextIncomingAsync();
        Assert.Equal("+15552223333", incoming.To.Uri.User);
        Assert.Equal("+15550001111", incoming.From.Uri.User);
        Assert.Equal("in", incoming.TrunkId);
        Assert.NotNull(await dialing!.WaitForAsync<SipCallEvent.Ringing>());
        var callee = await incoming.AcceptAsync();
        var result = await invite;
        Assert.Equal(SipCallOutcome.Answered, result.Outcome);
        var caller = result.Call!;
        Assert.Equal("PCMU", caller.Media.Codec.Name);

        for (var i = 0; i < 10; i++)
        {
            await caller.Media.SendFrameAsync(Frame(i), 160);
            await callee.Media.SendFrameAsync(Frame(100 + i), 160);
        }
        var atCallee = await ReceiveFramesAsync(callee.Media, 10);
        var atCaller = await ReceiveFramesAsync(caller.Media, 10);
        Assert.Equal(Enumerable.Range(0, 10).Select(Frame), atCallee.Select(f => f.Payload.ToArray()));
        Assert.Equal(Enumerable.Range(100, 10).Select(Frame), atCaller.Select(f => f.Payload.ToArray()));
        Assert.True(atCallee[0].Marker);
        Assert.Equal(160u, atCallee[1].Timestamp - atCallee[0].Timestamp);

        await caller.SendDigitsAsync("1#");
        Assert.Equal('1', (await callee.WaitForAsync<SipCallEvent.DtmfReceived>()).Digit);
        Assert.Equal('#', (await callee.WaitForAsync<SipCallEvent.DtmfReceived>()).Digit);
        await callee.SendDigitsAsync("9");
        Assert.Equal('9', (await caller.WaitForAsync<SipCallEvent.DtmfReceived>()).Digit);

        await caller.HangupAsync();
        var ended = await callee.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SipCallEndReason.RemoteHangup, ended.Reason);
        Assert.Equal(SipCallEndReason.LocalHangup, (await caller.Ended).Reason);
        Assert.Empty(_caller.Calls);
        Assert.Empty(_callee.Calls);
    }

    [Theory]
    [InlineData(SipTransportKind.Udp)]
    [InlineData(SipTransportKind.Tcp)]
    public async Task Callee_hangs_up_with_bye(SipTransportKind kind)
    {
        LoopbackAgents.Connect(_caller, _callee, kind);
        var invite = _caller.InviteAsync("out", "200");
        var callee = await (await _callee.NextIncomingAsync()).AcceptAsync();
        var caller = (await invite).Call!;
        await callee.HangupAsync();
        Assert.Equal(SipCallEndReason.RemoteHangup, (await caller.Ended.WaitAsync(TimeSpan.FromSeconds(10))).Reason);
    }

    [Theory]
    [InlineData(486, SipCallOutcome.Busy, SipFailureReason.Busy)]
    [InlineData(600, SipCallOutcome.Busy, SipFailureReason.Busy)]
    [InlineData(480, SipCallOutcome.NoAnswer, SipFailureReason.NoAnswer)]
    [InlineData(408, SipCallOutcome.NoAnswer, SipFailureReason.NoAnswer)]
    [InlineData(404, SipCallOutcome.Failed, SipFailureReason.NotFound)]
    [InlineData(503, SipCallOutcome.Failed, SipFailureReason.Failed)]
    public async Task Rejections_map_to_outcomes_with_the_sip_code(int status, SipCallOutcome outcome, SipFailureReason reason)
    {
        LoopbackAgents.Connect(_caller, _callee, SipTransportKind.Udp);
        var invite = _caller.InviteAsync("out", "busy");
        var incoming = await _callee.NextIncomingAsync();
        await incoming.RejectAsync(status);
        var result = await invite;
        Assert.Equal(outcome, result.Outcome);
        Assert.Equal(reason, result.Failure!.Reason);
        Assert.Equal(status, result.Failure.SipCode);
        Assert.Equal(SipCallEndReason.Rejected, (await incoming.Call.Ended).Reason);
    }

    [Fact]
    public async Task Ring_timeout_sends_cancel_and_maps_to_no_answer()
    {
        LoopbackAgents.Connect(_caller, _callee, SipTransportKind.Udp);
        var invite = _caller.InviteAsync("out", "nobody", new InviteOptions { RingTimeout = TimeSpan.FromMilliseconds(500) });
        var incoming = await _callee.NextIncomingAsync();
        var result = await invite.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SipCallOutcome.NoAnswer, result.Outcome);
        Assert.Equal(487, result.Failure!.SipCode);
        Assert.Equal(SipCallEndReason.Cancelled, (await incoming.Call.Ended.WaitAsync(TimeSpan.FromSeconds(5))).Reason);
        await Assert.ThrowsAsync<InvalidOperationException>(incoming.AcceptAsync);
    }

    [Fact]
    public async Task Cancelling_the_token_cancels_the_call()
    {
        LoopbackAgents.Connect(_caller, _callee, SipTransportKind.Tcp);
        using var cts = new CancellationTokenSource();
        var invite = _caller.InviteAsync("out", "someone", cancellationToken: cts.Token);
        var incoming = await _callee.NextIncomingAsync();
        cts.Cancel();
        var result = await invite.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SipCallOutcome.Cancelled, result.Outcome);
        Assert.Equal(SipFailureReason.Cancelled, result.Failure!.Reason);
        Assert.Equal(SipCallEndReason.Cancelled, (await incoming.Call.Ended.WaitAsync(TimeSpan.FromSeconds(5))).Reason);
    }

    [Fact]
    public async Task Hold_and_resume_use_reinvite_and_change_media_direction()
    {
        LoopbackAgents.Connect(_caller, _callee, SipTransportKind.Udp);
        var invite = _caller.InviteAsync("out", "hold");
        var callee = await (await _callee.NextIncomingAsync()).AcceptAsync();
        var caller = (await invite).Call!;
        Assert.True(await caller.SetHoldAsync(true));
        Assert.True((await callee.WaitForAsync<SipCallEvent.HoldChanged>()).OnHold);
        Assert.Equal(Sdp.SdpDirection.SendOnly, caller.Rtp.Media!.Direction);
        Assert.Equal(Sdp.SdpDirection.RecvOnly, callee.Rtp.Media!.Direction);
        Assert.True(await caller.SetHoldAsync(false));
        Assert.False((await callee.WaitForAsync<SipCallEvent.HoldChanged>()).OnHold);
        Assert.Equal(Sdp.SdpDirection.SendRecv, callee.Rtp.Media!.Direction);
        await caller.HangupAsync();
    }

    [Fact]
    public async Task Refer_moves_the_call_to_a_third_party_with_notify_progress()
    {
        var carol = await _agents.StartAsync();
        LoopbackAgents.Connect(_caller, _callee, SipTransportKind.Udp);
        LoopbackAgents.Connect(_callee, carol, SipTransportKind.Udp, o => o.Id = "to-carol");
        var invite = _caller.InviteAsync("out", "bob");
        var bob = await (await _callee.NextIncomingAsync()).AcceptAsync();
        var alice = (await invite).Call!;

        var transfer = alice.TransferAsync($"sip:carol@127.0.0.1:{carol.UdpEndPoint!.Port}", TimeSpan.FromSeconds(10));
        var refer = (await bob.WaitForAsync<SipCallEvent.TransferRequested>()).Refer;
        Assert.Equal("carol", refer.Target.Uri.User);
        // Bob's application follows the REFER: it dials the target and reports how it goes.
        var newLeg = _callee.InviteAsync("to-carol", refer.Target.Uri.User!);
        var atCarol = await carol.NextIncomingAsync();
        await refer.ReportProgressAsync(180);
        var carolCall = await atCarol.AcceptAsync();
        var bobToCarol = await newLeg;
        Assert.Equal(SipCallOutcome.Answered, bobToCarol.Outcome);
        await refer.ReportProgressAsync(200);

        var result = await transfer;
        Assert.True(result.Succeeded);
        Assert.Equal(202, result.ReferStatus);
        Assert.Equal(200, result.FinalStatus);
        Assert.Contains(100, await ProgressCodes(alice));
        await alice.HangupAsync();
        Assert.Equal(SipCallState.Established, carolCall.State);
        await bobToCarol.Call!.HangupAsync();
    }

    private static async Task<List<int>> ProgressCodes(SipCall call)
    {
        var codes = new List<int>();
        while (call.Events.TryRead(out var e)) if (e is SipCallEvent.TransferProgress p) codes.Add(p.StatusCode);
        await Task.Yield();
        return codes;
    }

    [Theory]
    [InlineData("right", SipCallOutcome.Answered)]
    [InlineData("wrong", SipCallOutcome.Failed)]
    public async Task Digest_credentials_are_checked_inbound_and_answered_outbound(string password, SipCallOutcome outcome)
    {
        LoopbackAgents.Connect(_caller, _callee, SipTransportKind.Udp,
            o => { o.Username = "acme"; o.Password = password; },
            i => { i.InboundUsername = "acme"; i.InboundPassword = "right"; });
        var invite = _caller.InviteAsync("out", "secure");
        if (outcome == SipCallOutcome.Answered) await (await _callee.NextIncomingAsync()).AcceptAsync();
        var result = await invite.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(outcome, result.Outcome);
        if (outcome == SipCallOutcome.Failed) Assert.Equal(403, result.Failure!.SipCode);
        else await result.Call!.HangupAsync();
    }

    [Fact]
    public async Task Sources_outside_the_trunk_cidrs_are_forbidden()
    {
        LoopbackAgents.Connect(_caller, _callee, SipTransportKind.Udp, inbound: i => i.InboundAllowedCidrs = ["10.0.0.0/8"]);
        var result = await _caller.InviteAsync("out", "x").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SipCallOutcome.Failed, result.Outcome);
        Assert.Equal(403, result.Failure!.SipCode);
        Assert.Equal(SipFailureReason.Rejected, result.Failure.Reason);
    }

    [Fact]
    public async Task Concurrent_call_limits_apply_on_both_sides()
    {
        LoopbackAgents.Connect(_caller, _callee, SipTransportKind.Udp, o => o.MaxConcurrentCalls = 2, i => i.MaxConcurrentCalls = 1);
        var first = _caller.InviteAsync("out", "1");
        var incoming = await _callee.NextIncomingAsync();
        var second = await _caller.InviteAsync("out", "2").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SipCallOutcome.Busy, second.Outcome); // the callee's trunk allows one call
        var third = _caller.InviteAsync("out", "3");
        var fourth = await _caller.InviteAsync("out", "4");
        Assert.Equal(SipFailureReason.CapacityExceeded, fourth.Failure!.Reason);
        var thirdResult = await third.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SipCallOutcome.Busy, thirdResult.Outcome);
        await incoming.RejectAsync(486);
        Assert.Equal(SipCallOutcome.Busy, (await first.WaitAsync(TimeSpan.FromSeconds(10))).Outcome);
    }

    [Fact]
    public async Task A_dead_leg_is_detected_by_rtp_inactivity_and_hung_up()
    {
        var watchful = await _agents.StartAsync(o => o.RtpInactivityTimeout = TimeSpan.FromMilliseconds(800));
        LoopbackAgents.Connect(watchful, _callee, SipTransportKind.Udp);
        var invite = watchful.InviteAsync("out", "silent");
        var callee = await (await _callee.NextIncomingAsync()).AcceptAsync();
        var caller = (await invite).Call!;
        // The callee never sends RTP.
        var ended = await caller.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SipCallEndReason.MediaTimeout, ended.Reason);
        Assert.Equal(SipCallEndReason.RemoteHangup, (await callee.Ended.WaitAsync(TimeSpan.FromSeconds(5))).Reason);
    }

    [Fact]
    public async Task An_unreachable_tcp_trunk_fails_as_unreachable()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        _caller.UpsertTrunk(new SipTrunkOptions { Id = "dead", Host = "127.0.0.1", Port = port, Transport = SipTransportKind.Tcp });
        var result = await _caller.InviteAsync("dead", "x").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SipFailureReason.Unreachable, result.Failure!.Reason);
        Assert.Equal(503, result.Failure.SipCode);
    }

    [Fact]
    public async Task A_silent_udp_trunk_times_out_on_timer_B_as_no_answer()
    {
        var quick = await _agents.StartAsync(o => o.Timers.T1 = TimeSpan.FromMilliseconds(20));
        using var silent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        quick.UpsertTrunk(new SipTrunkOptions { Id = "silent", Host = "127.0.0.1", Port = ((IPEndPoint)silent.Client.LocalEndPoint!).Port });
        var result = await quick.InviteAsync("silent", "x").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SipCallOutcome.NoAnswer, result.Outcome);
        Assert.Equal(408, result.Failure!.SipCode);
        Assert.True(silent.Available > 0); // it did receive (retransmitted) INVITEs
    }

    [Fact]
    public async Task Hanging_up_a_ringing_call_cancels_it_on_either_side()
    {
        LoopbackAgents.Connect(_caller, _callee, SipTransportKind.Udp);
        SipCall? dialing = null;
        var first = _caller.InviteAsync("out", "a", new InviteOptions { OnCallCreated = c => dialing = c });
        var ringing = await _callee.NextIncomingAsync();
        await dialing!.WaitForAsync<SipCallEvent.Ringing>();
        await dialing!.HangupAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SipCallOutcome.Cancelled, (await first).Outcome);
        Assert.Equal(SipCallEndReason.Cancelled, (await ringing.Call.Ended.WaitAsync(TimeSpan.FromSeconds(5))).Reason);

        var second = _caller.InviteAsync("out", "b");
        var incoming = await _callee.NextIncomingAsync();
        await incoming.Call.HangupAsync();
        var result = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SipCallOutcome.NoAnswer, result.Outcome);
        Assert.Equal(480, result.Failure!.SipCode);
    }

    [Fact]
    public async Task Rtcp_sender_and_receiver_reports_flow_between_the_legs()
    {
        var a = await _agents.StartAsync(o => o.RtcpInterval = TimeSpan.FromMilliseconds(200));
        var b = await _agents.StartAsync(o => o.RtcpInterval = TimeSpan.FromMilliseconds(200));
        LoopbackAgents.Connect(a, b, SipTransportKind.Udp);
        var invite = a.InviteAsync("out", "rtcp");
        var callee = await (await b.NextIncomingAsync()).AcceptAsync();
        var caller = (await invite).Call!;
        for (var i = 0; i < 20; i++) await caller.Media.SendFrameAsync(Frame(i), 160);
        await ReceiveFramesAsync(callee.Media, 20);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline && (callee.Rtp.LastRemoteReport is not { IsSenderReport: true } || caller.Rtp.LastRemoteReport is not { Blocks: [{ LastSr: not 0 }] }))
        {
            await Task.Delay(50);
        }
        // The caller sent media, so it reports as a sender; the callee only received, so it sends receiver reports
        // whose block describes the caller's stream.
        var sr = callee.Rtp.LastRemoteReport!;
        Assert.True(sr.IsSenderReport);
        Assert.Equal(caller.Rtp.Ssrc, sr.Ssrc);
        Assert.Equal(20u, sr.PacketCount);
        Assert.Equal(20u * 160, sr.OctetCount);
        var rr = caller.Rtp.LastRemoteReport!;
        Assert.False(rr.IsSenderReport);
        var block = Assert.Single(rr.Blocks);
        Assert.Equal(caller.Rtp.Ssrc, block.Ssrc);
        Assert.Equal(0, block.CumulativeLost);
        Assert.NotEqual(0u, block.LastSr);
        await caller.HangupAsync();
    }

    [Fact]
    public async Task An_inbound_call_nobody_answers_is_refused_with_480_after_the_inbound_ring_timeout()
    {
        var impatient = await _agents.StartAsync(o => o.InboundRingTimeout = TimeSpan.FromMilliseconds(300));
        LoopbackAgents.Connect(_caller, impatient, SipTransportKind.Udp);
        var result = await _caller.InviteAsync("out", "nobody-home").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SipCallOutcome.NoAnswer, result.Outcome);
        Assert.Equal(480, result.Failure!.SipCode);
        var incoming = await impatient.NextIncomingAsync();
        Assert.Equal(SipCallEndReason.Rejected, (await incoming.Call.Ended.WaitAsync(TimeSpan.FromSeconds(5))).Reason);
    }
}
