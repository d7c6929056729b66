using ClutchCall.Sip.Rtp;
using ClutchCall.Sip.Transport;
using ClutchCall.Sip.UserAgent;

namespace ClutchCall.Sip.Tests;

/// <summary>PCM through the media core's codec and jitter buffer, end to end between two agents on loopback.</summary>
public class RtpAudioPortTests : IAsyncLifetime
{
    private readonly LoopbackAgents _agents = new();
    private SipUserAgent _a = null!, _b = null!;

    public async Task InitializeAsync()
    {
        _a = await _agents.StartAsync();
        _b = await _agents.StartAsync();
    }

    public async Task DisposeAsync() => await _agents.DisposeAsync();

    private static double Rms(short[] s) => Math.Sqrt(s.Average(x => (double)x * x));

    [Theory]
    [InlineData("PCMU")]
    [InlineData("PCMA")]
    [InlineData("opus")]
    public async Task A_tone_sent_as_pcm_arrives_as_pcm_through_the_jitter_buffer(string codec)
    {
        LoopbackAgents.Connect(_a, _b, SipTransportKind.Udp, o => o.Codecs = [codec, "telephone-event"], i => i.Codecs = [codec, "telephone-event"]);
        var invite = _a.InviteAsync("out", "tone");
        var callee = await (await _b.NextIncomingAsync()).AcceptAsync();
        var caller = (await invite).Call!;
        Assert.Equal(codec, caller.Media.Codec.Name);

        await using var send = new RtpAudioPort(caller.Media, TimeProvider.System);
        await using var receive = new RtpAudioPort(callee.Media, TimeProvider.System);
        receive.Start();
        var rate = send.Format.SampleRate;
        var tone = Enumerable.Range(0, send.Format.SamplesPerFrame).Select(i => (short)(8000 * Math.Sin(2 * Math.PI * 1000 * i / (double)rate))).ToArray();
        using (var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20)))
        {
            for (var i = 0; i < 50; i++)
            {
                await send.SendAsync(tone);
                await timer.WaitForNextTickAsync();
            }
        }
        var loud = 0;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (loud < 40)
        {
            var frame = await receive.Received.ReadAsync(cts.Token);
            Assert.Equal(receive.Format.SamplesPerFrame, frame.Length);
            var rms = Rms(frame);
            if (rms > 4800 && rms < 6500) loud++; // a 8000-peak sine has an RMS of 5657; Opus is lossy
        }
        Assert.True(receive.JitterStats.Received >= 40);
        await caller.HangupAsync();
    }
}
