using ClutchCall.Sip.UserAgent;
using Xunit.Abstractions;

namespace ClutchCall.Sip.Interop.Tests;

/// <summary>End to end against baresip (Debian) on loopback: real SIP, real RTP, real speech.</summary>
[Collection("baresip")]
public class BaresipCallTests(SpeechFixture speech, ITestOutputHelper output) : IClassFixture<SpeechFixture>
{
    private static string Tail(string log, int lines = 40) => string.Join("\n", log.Split('\n').Where(l => !l.Contains("audio=")).TakeLast(lines));

    private void Report(string what, double value) => output.WriteLine($"{what}: {value:F4}");

    /// <summary>The received audio must follow the loudness of the reference speech, and be loud where it is loud.</summary>
    private void AssertSounds(short[] received, short[] reference, string label)
    {
        var refEnv = AudioFixtures.Envelope(reference);
        var recEnv = AudioFixtures.Envelope(received);
        // Up to 3 s of delay: a loaded CI machine makes baresip's audio path slow, and only the shape must match.
        const int maxLag = 150;
        var (corr, lag) = AudioFixtures.BestEnvelopeCorrelation(refEnv, recEnv, maxLag, window: (int)(4.5 * 50));
        Report($"{label} envelope correlation", corr);
        Report($"{label} lag (frames)", lag);
        var start = Math.Clamp(lag * 160, 0, received.Length);
        var loud = AudioFixtures.Rms(received.AsSpan(start, Math.Min(received.Length - start, 3 * 8000)));
        Report($"{label} rms while speaking", loud);
        Assert.True(received.Length >= 4 * 8000, $"{label}: only {received.Length} samples arrived");
        Assert.True(corr > 0.8, $"{label}: envelope correlation {corr:F3}");
        Assert.True(loud > 500, $"{label}: rms {loud:F0}");
        // Control: the same speech played backwards must not match, or the check proves nothing.
        var reversed = reference.AsSpan(0, Math.Min(reference.Length, 4 * 8000)).ToArray();
        Array.Reverse(reversed);
        var (control, _) = AudioFixtures.BestEnvelopeCorrelation(AudioFixtures.Envelope(reversed), recEnv, maxLag, window: 150);
        Report($"{label} control correlation (reversed speech)", control);
        Assert.True(control < corr - 0.3, $"{label}: control correlation {control:F3} too close to {corr:F3}");
    }

    [Fact]
    public async Task Outbound_call_is_answered_and_we_hear_the_speech_baresip_plays()
    {
        await using var baresip = await BaresipProcess.StartAsync($"aufile,{speech.SpeechWav}");
        await using var ua = await Agents.StartAsync();
        ua.AddTrunkTo(baresip);
        var result = await ua.InviteAsync("baresip", "baresip").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SipCallOutcome.Answered, result.Outcome);
        var call = result.Call!;
        // Keep sending silence so baresip's RTP timers are happy while we listen.
        var heard = await AudioCapture.ReceiveAsync(call.Media, TimeSpan.FromSeconds(7));
        AssertSounds(heard, speech.Speech, "from baresip");
        // The tail of the WAV is silence, and so must be what we hear at the end.
        var tail = AudioFixtures.Rms(heard.AsSpan(heard.Length - 8000));
        Report("rms in trailing silence", tail);
        Assert.True(tail < 100, $"silence rms {tail:F0}");
        await call.HangupAsync();
    }

    [Fact]
    public async Task Speech_we_send_reaches_baresip_and_comes_back_through_its_audio_bridge()
    {
        // baresip's player and source are the two ends of one aubridge device: it plays back what it hears.
        await using var baresip = await BaresipProcess.StartAsync("aubridge,echo", "aubridge,echo");
        await using var ua = await Agents.StartAsync();
        ua.AddTrunkTo(baresip);
        var result = await ua.InviteAsync("baresip", "baresip").WaitAsync(TimeSpan.FromSeconds(10));
        if (result.Outcome != SipCallOutcome.Answered) output.WriteLine(result.Failure + "\n" + Tail(baresip.Log));
        Assert.Equal(SipCallOutcome.Answered, result.Outcome);
        var call = result.Call!;
        // baresip's aubridge re-clocks audio between its player and its source, and on a loaded machine the first
        // pass can come back time-warped. Measure up to two passes in the same call and judge the better one: the
        // thresholds and the reversed-speech control are the same as for every other direction.
        short[] echoed = [];
        var best = double.MinValue;
        for (var pass = 1; pass <= 2; pass++)
        {
            var receive = AudioCapture.ReceiveAsync(call.Media, TimeSpan.FromSeconds(9));
            await AudioCapture.SendAsync(call.Media, speech.Speech, TimeSpan.FromSeconds(8.5));
            var heard = await receive;
            var (corr, _) = AudioFixtures.BestEnvelopeCorrelation(
                AudioFixtures.Envelope(speech.Speech), AudioFixtures.Envelope(heard), 150, window: (int)(4.5 * 50));
            Report($"echo pass {pass} envelope correlation", corr);
            if (corr > best)
            {
                (best, echoed) = (corr, heard);
            }
            if (corr > 0.8)
            {
                break;
            }
        }
        AssertSounds(echoed, speech.Speech, "echo from baresip");
        Assert.True(call.Rtp.Received.PacketsReceived > 250);
        await call.HangupAsync();
    }

    [Fact]
    public async Task A_call_placed_by_baresip_is_received_answered_and_heard()
    {
        await using var ua = await Agents.StartAsync();
        var target = $"sip:agent@127.0.0.1:{ua.UdpEndPoint!.Port}";
        await using var baresip = await BaresipProcess.StartAsync($"aufile,{speech.SpeechWav}", commands: $"/dial {target}");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var incoming = await ua.IncomingCalls.ReadAsync(cts.Token);
        Assert.Equal("agent", incoming.To.Uri.User);
        Assert.Equal("baresip", incoming.From.Uri.User);
        Assert.Equal("local-in", incoming.TrunkId);
        var call = await incoming.AcceptAsync();
        var heard = await AudioCapture.ReceiveAsync(call.Media, TimeSpan.FromSeconds(6));
        AssertSounds(heard, speech.Speech, "inbound from baresip");
        await call.HangupAsync();
        Assert.Equal(SipCallEndReason.LocalHangup, (await call.Ended).Reason);
    }

    [Fact]
    public async Task Baresip_speech_plays_out_of_the_media_core_jitter_buffer()
    {
        await using var baresip = await BaresipProcess.StartAsync($"aufile,{speech.SpeechWav}");
        await using var ua = await Agents.StartAsync();
        ua.AddTrunkTo(baresip);
        var call = (await ua.InviteAsync("baresip", "baresip").WaitAsync(TimeSpan.FromSeconds(10))).Call!;
        // Listen the way the gateway will: RTP -> jitter buffer -> G.711 decoder, one 20 ms frame per tick.
        await using var port = new Rtp.RtpAudioPort(call.Media, TimeProvider.System);
        port.Start();
        var frames = new List<short[]>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var listen = new CancellationTokenSource(TimeSpan.FromSeconds(7)))
        {
            try { await foreach (var frame in port.Received.ReadAllAsync(listen.Token)) frames.Add(frame); }
            catch (OperationCanceledException) { }
        }
        var played = frames.Count * 0.02;
        var stats = port.JitterStats;
        Report("seconds played / listened", played / clock.Elapsed.TotalSeconds);
        Report("packets received by the jitter buffer", stats.Received);
        Report("frames lost / concealed", stats.Lost + stats.Concealed);
        // Loudness per second: speech at the start of baresip's WAV, silence after it ends (3.7 s in).
        var seconds = frames.Chunk(50).Select(c => AudioFixtures.Rms(c.SelectMany(f => f).ToArray())).ToArray();
        output.WriteLine("rms per second: " + string.Join(", ", seconds.Select(r => r.ToString("F0"))));
        Assert.True(played > 5, $"only {played:F1} s of audio came out in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(seconds.Take(3).Max() > 1500, "no speech in the first seconds");
        Assert.True(seconds[^2] < 50, "the trailing silence is not silent");
        Assert.True(stats.Received > 250);
        await call.HangupAsync();
    }

    [Fact]
    public async Task Opus_from_baresip_decodes_through_the_media_core()
    {
        await using var baresip = await BaresipProcess.StartAsync($"aufile,{speech.SpeechWav48k}");
        await using var ua = await Agents.StartAsync();
        ua.UpsertTrunk(new SipTrunkOptions { Id = "opus", Host = "127.0.0.1", Port = baresip.SipPort, CallerId = "clutchcall", Codecs = ["opus", "PCMU"] });
        InviteResult result;
        try { result = await ua.InviteAsync("opus", "baresip").WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (TimeoutException) { output.WriteLine(Tail(baresip.Log, 120)); throw; }
        var call = result.Call!;
        Assert.Equal("opus", call.Media.Codec.Name);
        await using var port = new Rtp.RtpAudioPort(call.Media, TimeProvider.System);
        port.Start();
        var frames = new List<short[]>();
        using (var listen = new CancellationTokenSource(TimeSpan.FromSeconds(6)))
        {
            try { await foreach (var frame in port.Received.ReadAllAsync(listen.Token)) frames.Add(frame); }
            catch (OperationCanceledException) { }
        }
        var seconds = frames.Chunk(50).Select(c => AudioFixtures.Rms(c.SelectMany(f => f).ToArray())).ToArray();
        output.WriteLine("opus rms per second: " + string.Join(", ", seconds.Select(r => r.ToString("F0"))));
        Report("opus packets received", port.JitterStats.Received);
        Assert.Equal(960, frames[0].Length); // 20 ms at 48 kHz
        Assert.True(seconds.Take(3).Max() > 1000, "no speech in the first seconds");
        Assert.True(seconds[^2] < 100, "the trailing silence is not silent");
        await call.HangupAsync();
    }

    [Theory]
    [InlineData(486, "486")]
    [InlineData(603, "603")]
    public async Task Rejecting_a_call_from_baresip_reaches_it_with_our_status(int status, string expected)
    {
        await using var ua = await Agents.StartAsync();
        await using var baresip = await BaresipProcess.StartAsync($"aufile,{speech.SpeechWav}");
        using var events = await baresip.ListenAsync();
        await events.SendCommandAsync("dial", $"sip:agent@127.0.0.1:{ua.UdpEndPoint!.Port}");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var incoming = await ua.IncomingCalls.ReadAsync(cts.Token);
        await incoming.RejectAsync(status);
        var closed = await events.WaitForAsync(t => t.Contains("CALL_CLOSED", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        output.WriteLine(events.Text);
        Assert.True(closed);
        var line = events.Text[events.Text.IndexOf("CALL_CLOSED", StringComparison.Ordinal)..];
        Assert.Contains(expected, line[..line.IndexOf('}')]);
    }

    [Fact]
    public async Task Baresip_putting_us_on_hold_and_back_is_a_reinvite_we_answer()
    {
        await using var baresip = await BaresipProcess.StartAsync($"aufile,{speech.SpeechWav}");
        await using var ua = await Agents.StartAsync();
        ua.AddTrunkTo(baresip);
        var call = (await ua.InviteAsync("baresip", "baresip").WaitAsync(TimeSpan.FromSeconds(10))).Call!;
        await Task.Delay(300);
        output.WriteLine(await baresip.CommandAsync("hold"));
        Assert.True((await call.WaitForAsync<SipCallEvent.HoldChanged>()).OnHold);
        Assert.Equal(Sdp.SdpDirection.RecvOnly, call.Rtp.Media!.Direction);
        output.WriteLine(await baresip.CommandAsync("resume"));
        Assert.False((await call.WaitForAsync<SipCallEvent.HoldChanged>()).OnHold);
        Assert.Equal(Sdp.SdpDirection.SendRecv, call.Rtp.Media!.Direction);
        await call.HangupAsync();
    }

    [Fact]
    public async Task Dtmf_we_send_is_decoded_by_baresip()
    {
        await using var baresip = await BaresipProcess.StartAsync($"aufile,{speech.SpeechWav}");
        await using var ua = await Agents.StartAsync();
        ua.AddTrunkTo(baresip);
        var call = (await ua.InviteAsync("baresip", "baresip").WaitAsync(TimeSpan.FromSeconds(10))).Call!;
        Assert.Equal(101, call.Rtp.Media!.DtmfPayloadType);
        using var events = await baresip.ListenAsync();
        await call.SendDigitsAsync("42#");
        var ok = await events.WaitForAsync(t => Digits(t) == "42#", TimeSpan.FromSeconds(5));
        output.WriteLine(events.Text);
        Assert.True(ok, $"baresip reported '{Digits(events.Text)}'");
        await call.HangupAsync();
    }

    /// <summary>The digits of baresip's CALL_DTMF_START events, in order.</summary>
    private static string Digits(string events) =>
        string.Concat(System.Text.RegularExpressions.Regex.Matches(events, "\"type\":\"CALL_DTMF_START\"[^}]*\"param\":\"(.)\"")
            .Select(m => m.Groups[1].Value));

    [Fact]
    public async Task Ring_timeout_against_a_ringing_baresip_cancels_and_reports_no_answer()
    {
        await using var baresip = await BaresipProcess.StartAsync($"aufile,{speech.SpeechWav}", autoAnswer: false);
        await using var ua = await Agents.StartAsync();
        ua.AddTrunkTo(baresip);
        SipCall? call = null;
        InviteResult result;
        try
        {
            result = await ua.InviteAsync("baresip", "baresip", new InviteOptions { RingTimeout = TimeSpan.FromSeconds(1.5), OnCallCreated = c => call = c })
                .WaitAsync(TimeSpan.FromSeconds(40));
        }
        finally
        {
            output.WriteLine(Tail(baresip.Log, 200));
        }
        Assert.Equal(SipCallOutcome.NoAnswer, result.Outcome);
        Assert.Equal(487, result.Failure!.SipCode);
        Assert.Equal(180, (await call!.WaitForAsync<SipCallEvent.Ringing>()).StatusCode);
    }

    [Fact]
    public async Task Cancelling_a_ringing_call_to_baresip_reports_cancelled()
    {
        await using var baresip = await BaresipProcess.StartAsync($"aufile,{speech.SpeechWav}", autoAnswer: false);
        await using var ua = await Agents.StartAsync();
        ua.AddTrunkTo(baresip);
        using var cts = new CancellationTokenSource();
        var ringing = new TaskCompletionSource();
        var invite = ua.InviteAsync("baresip", "baresip", new InviteOptions
        {
            OnCallCreated = c => _ = Task.Run(async () => { await c.WaitForAsync<SipCallEvent.Ringing>(); ringing.TrySetResult(); }),
        }, cts.Token);
        await ringing.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cts.CancelAsync();
        var result = await invite.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SipCallOutcome.Cancelled, result.Outcome);
        Assert.Equal(487, result.Failure!.SipCode);
    }

    [Fact]
    public async Task Baresip_rejecting_a_ringing_call_maps_to_busy()
    {
        await using var baresip = await BaresipProcess.StartAsync($"aufile,{speech.SpeechWav}", autoAnswer: false);
        await using var ua = await Agents.StartAsync();
        ua.AddTrunkTo(baresip);
        var ringing = new TaskCompletionSource();
        var invite = ua.InviteAsync("baresip", "baresip", new InviteOptions
        {
            OnCallCreated = c => _ = Task.Run(async () => { await c.WaitForAsync<SipCallEvent.Ringing>(); ringing.TrySetResult(); }),
        });
        await ringing.Task.WaitAsync(TimeSpan.FromSeconds(10));
        output.WriteLine(await baresip.CommandAsync("hangup"));
        var result = await invite.WaitAsync(TimeSpan.FromSeconds(10));
        output.WriteLine($"{result.Outcome} {result.Failure}");
        Assert.Equal(SipCallOutcome.Busy, result.Outcome);
        Assert.Equal(486, result.Failure!.SipCode);
    }

    [Fact]
    public async Task Baresip_hanging_up_sends_bye_that_ends_our_leg()
    {
        await using var baresip = await BaresipProcess.StartAsync($"aufile,{speech.SpeechWav}");
        await using var ua = await Agents.StartAsync();
        ua.AddTrunkTo(baresip);
        var result = await ua.InviteAsync("baresip", "baresip").WaitAsync(TimeSpan.FromSeconds(10));
        var call = result.Call!;
        await Task.Delay(500);
        output.WriteLine(await baresip.CommandAsync("hangup"));
        Assert.Equal(SipCallEndReason.RemoteHangup, (await call.Ended.WaitAsync(TimeSpan.FromSeconds(10))).Reason);
    }

    [Fact]
    public async Task Refer_moves_baresip_to_another_agent_and_the_audio_follows()
    {
        await using var baresip = await BaresipProcess.StartAsync($"aufile,{speech.SpeechWav}");
        await using var alice = await Agents.StartAsync();
        await using var carol = await Agents.StartAsync();
        alice.AddTrunkTo(baresip);
        var call = (await alice.InviteAsync("baresip", "baresip").WaitAsync(TimeSpan.FromSeconds(10))).Call!;
        var transfer = call.TransferAsync($"sip:carol@127.0.0.1:{carol.UdpEndPoint!.Port}", TimeSpan.FromSeconds(15));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var incoming = await carol.IncomingCalls.ReadAsync(cts.Token);
        Assert.Equal("carol", incoming.To.Uri.User);
        var moved = await incoming.AcceptAsync();
        var result = await transfer;
        output.WriteLine($"{result}");
        Assert.True(result.ReferAccepted);
        Assert.Equal(200, result.FinalStatus);
        var heard = await AudioCapture.ReceiveAsync(moved.Media, TimeSpan.FromSeconds(1.5));
        var rms = AudioFixtures.Rms(heard);
        Report("rms heard by the transfer target", rms);
        Assert.True(heard.Length > 8000 && rms > 200, $"transfer target heard {heard.Length} samples at rms {rms:F0}");
        await call.HangupAsync();
        await moved.HangupAsync();
    }
}

[CollectionDefinition("baresip", DisableParallelization = true)]
public class BaresipCollection;
