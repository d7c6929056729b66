using System.Text.Json;
using ClutchCall.Sip.Interop.Tests;
using ClutchCall.Sip.UserAgent;
using Xunit.Abstractions;

namespace ClutchCall.SipEdge.Tests;

/// <summary>transfer({to}) on a SIP call moves the caller with REFER; DTMF from the caller becomes call.dtmf events.</summary>
public sealed class TransferAndDtmfTests(EdgeHost host, ITestOutputHelper output) : IClassFixture<EdgeHost>
{
    private static string Sid(JsonElement call) => call.GetProperty("sid").GetString()!;

    [Fact]
    public async Task Transfer_to_a_number_refers_the_caller_away_and_the_call_keeps_its_sid_and_events()
    {
        // The transfer target: a SIP agent standing in for the PSTN number the carrier would route the REFER to.
        var options = new SipUserAgentOptions { UdpPort = 0, TcpPort = 0, RtpPortMin = 24000, RtpPortMax = 24998 };
        options.Trunks.Add(new SipTrunkOptions { Id = "carrier", Host = "127.0.0.1", InboundAllowedCidrs = ["127.0.0.0/8"] });
        await using var target = new SipUserAgent(options);
        await target.StartAsync();
        host.ReferTo(target.UdpEndPoint!.Port);

        await using var baresip = await BaresipPeer.StartAsync(host.SpeechWav);
        host.PointTrunkAt(baresip);
        var sid = Sid(await host.OriginateAsync());
        await host.WaitForStatusAsync(sid, "in_progress");

        var transfer = await host.PostAsync(sid, "transfer", new { to = "+15557654321" });
        Assert.True(transfer.IsSuccessStatusCode, await transfer.Content.ReadAsStringAsync());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var incoming = await target.IncomingCalls.ReadAsync(cts.Token);
        Assert.Equal("+15557654321", incoming.To.Uri.User);
        var moved = await incoming.AcceptAsync();

        var ended = await host.WaitForStatusAsync(sid, "completed");
        Assert.Equal("transferred", ended.GetProperty("endReason").GetString());
        // The caller now talks to the target: it hears baresip's speech (its WAV starts over, 2 s of silence first).
        var heard = await AudioCapture(moved, TimeSpan.FromSeconds(4.5));
        var rms = heard.Chunk(8000).Select(s => AudioFixtures.Rms(s)).DefaultIfEmpty(0).Max();
        output.WriteLine($"the transfer target heard {heard.Length / 8000.0:F1} s, loudest second at rms {rms:F0}");
        Assert.True(heard.Length > 8000 && rms > 200, $"transfer target heard {heard.Length} samples at rms {rms:F0}");

        var events = await host.EventsAsync(sid);
        output.WriteLine(string.Join("\n", events.Select(e => e.ToString())));
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "call.transferred");
        var progress = events.Where(e => e.GetProperty("type").GetString() == "call.transfer.progress").Select(e => e.GetProperty("data")).ToList();
        Assert.Contains(progress, p => p.GetProperty("method").GetString() == "refer" && p.GetProperty("sipCode").GetInt32() == 200 && p.GetProperty("final").GetBoolean());
        Assert.All(events, e => Assert.Equal(sid, e.GetProperty("data").GetProperty("sid").GetString()));
        await moved.HangupAsync();
    }

    [Fact]
    public async Task Digits_the_caller_presses_become_call_dtmf_events()
    {
        await using var baresip = await BaresipPeer.StartAsync(host.SpeechWav);
        host.PointTrunkAt(baresip);
        var sid = Sid(await host.OriginateAsync());
        await host.WaitForStatusAsync(sid, "in_progress");
        await Task.Delay(500);
        await baresip.TypeAsync("42#");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string digits;
        do
        {
            await Task.Delay(200);
            var events = await host.EventsAsync(sid);
            digits = string.Concat(events.Where(e => e.GetProperty("type").GetString() == "call.dtmf")
                .Select(e => e.GetProperty("data").GetProperty("digit").GetString()));
        }
        while (digits.Length < 3 && DateTime.UtcNow < deadline);
        output.WriteLine($"digits: {digits}");
        Assert.Equal("42#", digits);
        Assert.True((await host.PostAsync(sid, "hangup")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Digits_sent_with_the_dtmf_command_reach_the_far_end()
    {
        await using var baresip = await BaresipPeer.StartAsync(host.SpeechWav);
        host.PointTrunkAt(baresip);
        using var events = await baresip.ListenAsync();
        var sid = Sid(await host.OriginateAsync());
        await host.WaitForStatusAsync(sid, "in_progress");
        var bad = await host.PostAsync(sid, "dtmf", new { digits = "12x" });
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        // Two commands back to back: the second queues behind the first instead of interleaving with it.
        var first = await host.PostAsync(sid, "dtmf", new { digits = "1" });
        var sent = await host.PostAsync(sid, "dtmf", new { digits = "42#" });
        Assert.True(first.IsSuccessStatusCode && sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        var ok = await events.WaitForAsync(t => Digits(t) == "142#", TimeSpan.FromSeconds(6));
        output.WriteLine($"baresip heard '{Digits(events.Text)}'");
        Assert.True(ok, events.Text);
        Assert.True((await host.PostAsync(sid, "hangup")).IsSuccessStatusCode);
    }

    /// <summary>The digits of baresip's CALL_DTMF_START events, in order.</summary>
    private static string Digits(string events) =>
        string.Concat(System.Text.RegularExpressions.Regex.Matches(events, "\"type\":\"CALL_DTMF_START\"[^}]*\"param\":\"(.)\"")
            .Select(m => m.Groups[1].Value));

    private static async Task<short[]> AudioCapture(SipCall call, TimeSpan duration)
    {
        var pcm = new List<short>();
        var buffer = new short[2048];
        using var cts = new CancellationTokenSource(duration);
        try
        {
            while (true)
            {
                var frame = await call.Media.Frames.ReadAsync(cts.Token);
                if (frame.PayloadType != 0)
                {
                    continue;
                }
                Media.Codecs.G711.DecodeMuLaw(frame.Payload.Span, buffer.AsSpan(0, frame.Payload.Length));
                pcm.AddRange(buffer.AsSpan(0, frame.Payload.Length));
            }
        }
        catch (OperationCanceledException)
        {
        }
        return [.. pcm];
    }
}

/// <summary>A trunk that refuses REFER: the edge dials the target on the trunk and bridges the two legs itself.</summary>
public sealed class TransferFallbackTests(EdgeHost host, ITestOutputHelper output) : IClassFixture<EdgeHost>
{
    private const string Caller = "+15551230001";
    private const string Target = "+15557654321";

    [Fact]
    public async Task A_refused_refer_falls_back_to_dialling_the_target_and_bridging_the_legs()
    {
        await using var trunk = new RefusingTrunk(number => number == Target ? host.OtherSpeech : host.Speech);
        host.Agent.UpsertTrunk(new SipTrunkOptions { Id = EdgeHost.Trunk, Host = "127.0.0.1", Port = trunk.Port, CallerId = "+15558675309" });
        host.ReferTo(trunk.Port);
        var sid = (await host.OriginateAsync(Caller)).GetProperty("sid").GetString()!;
        await host.WaitForStatusAsync(sid, "in_progress");
        var caller = await trunk.WaitForCallAsync(Caller, TimeSpan.FromSeconds(5));

        Assert.True((await host.PostAsync(sid, "transfer", new { to = Target })).IsSuccessStatusCode);
        var target = await trunk.WaitForCallAsync(Target, TimeSpan.FromSeconds(10));
        Assert.Equal([403], trunk.ReferResponses);
        int heardBefore;
        lock (caller.Heard)
        {
            heardBefore = caller.Heard.Count;
        }
        await Task.Delay(TimeSpan.FromSeconds(5)); // the target's clip starts with 1.5 s of silence
        short[] targetHeard, callerHeard;
        lock (target.Heard)
        {
            targetHeard = [.. target.Heard];
        }
        lock (caller.Heard)
        {
            callerHeard = [.. caller.Heard.Skip(heardBefore)];
        }
        var toTarget = targetHeard.Chunk(8000).Select(s => AudioFixtures.Rms(s)).DefaultIfEmpty(0).Max();
        var toCaller = callerHeard.Chunk(8000).Select(s => AudioFixtures.Rms(s)).DefaultIfEmpty(0).Max();
        output.WriteLine($"bridged: the target heard {targetHeard.Length / 8000.0:F1} s (loudest second rms {toTarget:F0}), the caller {callerHeard.Length / 8000.0:F1} s (rms {toCaller:F0})");
        // Only the trunk's own clips are loud here (no bridge or agent on the grain): loud audio on one leg came from the other.
        Assert.True(toTarget > 500, $"the target heard rms {toTarget:F0}");
        Assert.True(toCaller > 500, $"the caller heard rms {toCaller:F0}");

        await trunk.HangupAsync(target);
        await caller.Bye.Task.WaitAsync(TimeSpan.FromSeconds(5)); // the edge ended the caller's leg too
        var ended = await host.WaitForStatusAsync(sid, "completed");
        Assert.Equal("remote_hangup", ended.GetProperty("endReason").GetString());
        var progress = (await host.EventsAsync(sid)).Where(e => e.GetProperty("type").GetString() == "call.transfer.progress")
            .Select(e => e.GetProperty("data")).Select(d => $"{d.GetProperty("method").GetString()} {d.GetProperty("sipCode").GetInt32()} {d.GetProperty("final").GetBoolean()}").ToList();
        output.WriteLine(string.Join(", ", progress));
        Assert.Contains("refer 403 True", progress);
        Assert.Contains("bridge 200 True", progress);
    }
}
