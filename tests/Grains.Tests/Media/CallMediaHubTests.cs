using System.Buffers.Binary;
using ClutchCall.Grains.Media;
using ClutchCall.Media;
using ClutchCall.Media.Codecs;
using ClutchCall.Media.Wav;
using ClutchCall.Runtime;
using ClutchCall.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClutchCall.Grains.Tests.Media;

/// <summary>The hub's routing without a grain: ticks are driven by hand, bridges are loopback channels.</summary>
public sealed class CallMediaHubTests : IDisposable
{
    private const long T0 = 1_700_000_000_000_000;
    private const int CalleeHz = 2000;
    private static readonly AudioFormat Pcm16k = new(AudioCodec.Pcm16, 16000);
    private static readonly AudioFormat Pcm8k = new(AudioCodec.Pcm16, 8000);
    private static readonly AudioFormat Opus48k = AudioFormat.Default;

    private readonly string _records = Directory.CreateTempSubdirectory("hub-rec-").FullName;
    private readonly ManualTimeProvider _time = new();
    private readonly CallMediaHub _hub;

    public CallMediaHubTests()
    {
        // The callee "speaks" a 2 kHz tone so tests can tell its uplink from a softphone's.
        var clip = new SpeechClip(AudioProbe.Tone(CalleeHz, 8000, 8000), "test");
        var callee = new SimulatedCallee("CA_hub", Task.FromResult(clip), new SimulatedCalleeOptions { PauseMs = 0, RecordDirectory = _records });
        _hub = new CallMediaHub("CA_hub", _time, callee, NullLogger.Instance);
    }

    public void Dispose() => Directory.Delete(_records, recursive: true);

    private void Ticks(int count, Action<int>? beforeEach = null)
    {
        for (var i = 0; i < count; i++)
        {
            beforeEach?.Invoke(i);
            _hub.Tick(T0 + i * 20_000L);
        }
    }

    private static short[] DecodeAll(IEnumerable<byte[]> frames, AudioFormat format)
    {
        using var decoder = AudioCodecs.CreateDecoder(format);
        var buffer = new short[AudioCodecs.MaxDecodedSamples(format)];
        var all = new List<short>();
        foreach (var frame in frames)
        {
            var n = decoder.Decode(frame.AsSpan(MediaFrames.HeaderBytes), buffer);
            all.AddRange(buffer.AsSpan(0, n));
        }
        return [.. all];
    }

    [Fact]
    public void The_uplink_is_encoded_once_per_format_and_reaches_every_attach_bridge_on_time()
    {
        var a = new LoopbackChannel(BridgeChannels.Attach);
        var b = new LoopbackChannel(BridgeChannels.Attach);
        var opus = new LoopbackChannel(BridgeChannels.Attach);
        _hub.Attach(a, BridgeRole.Attach, Pcm16k);
        _hub.Attach(b, BridgeRole.Attach, Pcm16k);
        _hub.Attach(opus, BridgeRole.Attach, Opus48k);

        Ticks(50);

        Assert.Equal(50, a.Sent.Count);
        Assert.Equal(a.Sent.Select(Convert.ToHexString), b.Sent.Select(Convert.ToHexString));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => T0 + i * 20_000L), a.Sent.Select(f => BinaryPrimitives.ReadInt64LittleEndian(f)));
        Assert.All(a.Sent, f => Assert.Equal(MediaFrames.HeaderBytes + 640, f.Length));
        var wideband = AudioProbe.Samples(a.Sent.Skip(5).SelectMany(f => f.Skip(MediaFrames.HeaderBytes)).ToArray());
        Assert.InRange(AudioProbe.Goertzel(wideband, CalleeHz, 16000), 5000, 9000);
        Assert.Equal(50, opus.Sent.Count);
        var fullband = DecodeAll(opus.Sent, Opus48k);
        Assert.Equal(50 * 960, fullband.Length);
        Assert.InRange(AudioProbe.Goertzel(fullband.AsSpan(10 * 960), CalleeHz, 48000), 4000, 9000);
        var stats = _hub.Snapshot();
        Assert.Equal([50, 50, 50], stats.Channels.Select(c => c.FramesOut));
        Assert.Equal(50, stats.CallerLeg!.FramesSent);
    }

    [Fact]
    public async Task Downlinks_of_all_attach_bridges_are_mixed_into_what_the_caller_hears()
    {
        var agent = new LoopbackChannel(BridgeChannels.Attach);
        var narrow = new LoopbackChannel(BridgeChannels.Attach);
        _hub.Attach(agent, BridgeRole.Attach, Pcm16k);
        _hub.Attach(narrow, BridgeRole.Attach, Pcm8k);

        Ticks(50, i =>
        {
            agent.FromBridge(T0, AudioProbe.Bytes(AudioProbe.Tone(1000, 16000, 320, 6000, i * 320)));
            narrow.FromBridge(T0, AudioProbe.Bytes(AudioProbe.Tone(300, 8000, 160, 6000, i * 160)));
        });
        Ticks(25); // the bridges went quiet
        await _hub.StopAsync(callEnded: true);

        var heard = WavReader.Read(Path.Combine(_records, "CA_hub.wav"));
        Assert.Equal((8000, 1, 75 * 160), (heard.SampleRate, heard.Channels, heard.Samples.Length));
        var talking = heard.Samples.AsSpan(10 * 160, 30 * 160);
        Assert.InRange(AudioProbe.Goertzel(talking, 1000, 8000), 4500, 7000);
        Assert.InRange(AudioProbe.Goertzel(talking, 300, 8000), 4500, 7000);
        Assert.InRange(AudioProbe.Goertzel(talking, CalleeHz, 8000), 0, 300); // minus-one: the callee never hears itself
        Assert.InRange(AudioProbe.Rms(heard.Samples.AsSpan(55 * 160)), 0, 50);
        var rms = _hub.Snapshot().CallerLeg!.HeardRms;
        Assert.Equal(75, rms.Count);
        Assert.All(rms.Skip(10).Take(30), r => Assert.InRange(r, 5000, 7000));
        Assert.All(rms.Skip(55), r => Assert.InRange(r, 0, 50));
        Assert.Equal(50, _hub.Snapshot().Channels[0].FramesIn);
    }

    [Fact]
    public void A_softphone_is_the_callers_uplink_and_hears_the_downlink_in_its_own_format()
    {
        var phone = new LoopbackChannel(BridgeChannels.Caller);
        var agent = new LoopbackChannel(BridgeChannels.Attach);
        _hub.Attach(phone, BridgeRole.Caller, Opus48k);
        _hub.Attach(agent, BridgeRole.Attach, Pcm16k);
        using var mic = AudioCodecs.CreateEncoder(Opus48k);
        var packet = new byte[mic.MaxEncodedBytes];

        Ticks(50, i =>
        {
            var n = mic.Encode(AudioProbe.Tone(440, 48000, 960, 8000, i * 960), packet);
            phone.FromBridge(T0 + i * 20_000L, packet.AsSpan(0, n));
            agent.FromBridge(T0, AudioProbe.Bytes(AudioProbe.Tone(1000, 16000, 320, 6000, i * 320)));
        });

        var uplink = AudioProbe.Samples(agent.Sent.Skip(10).SelectMany(f => f.Skip(MediaFrames.HeaderBytes)).ToArray());
        Assert.InRange(AudioProbe.Goertzel(uplink, 440, 16000), 4000, 9000);
        Assert.InRange(AudioProbe.Goertzel(uplink, CalleeHz, 16000), 0, 300);
        Assert.Equal(T0 + 49 * 20_000L, BinaryPrimitives.ReadInt64LittleEndian(agent.Sent[^1])); // the softphone's capture time travels on
        var downlink = DecodeAll(phone.Sent, Opus48k);
        Assert.InRange(AudioProbe.Goertzel(downlink.AsSpan(10 * 960), 1000, 48000), 3500, 7000);
        Assert.Equal((50, 50), (_hub.Snapshot().Channels[0].FramesIn, _hub.Snapshot().Channels[0].FramesOut));
    }

    [Fact]
    public async Task A_closed_bridge_is_detached_bad_frames_are_skipped_and_the_call_end_closes_the_rest()
    {
        var gone = new LoopbackChannel(BridgeChannels.Attach);
        var stays = new LoopbackChannel(BridgeChannels.Attach);
        _hub.Attach(gone, BridgeRole.Attach, Pcm16k);
        _hub.Attach(stays, BridgeRole.Attach, Pcm16k);
        Ticks(10, i =>
        {
            stays.FromBridge(T0, [1, 2, 3]); // shorter than the timestamp
            stays.FromBridge(T0, new byte[641]); // an odd PCM16 payload: concealed
        });
        gone.Close();
        Ticks(10);

        Assert.Equal((10, 20), (gone.Sent.Count, stays.Sent.Count));
        var detached = Assert.Single(_hub.DrainDetached());
        Assert.Equal((BridgeRole.Attach, "closed"), (detached.Role, detached.Reason));
        Assert.False(_hub.Snapshot().Channels[0].Open);

        await _hub.StopAsync(callEnded: true);
        Assert.Equal(ChannelCloseReason.Closed, await stays.Completion);
        Assert.Equal("call_ended", Assert.Single(_hub.DrainDetached()).Reason);
        Assert.Throws<ObjectDisposedException>(() => _hub.Attach(new LoopbackChannel(BridgeChannels.Attach), BridgeRole.Attach, Pcm16k));
    }

    [Fact]
    public async Task The_loop_keeps_the_clock_and_skips_ahead_after_a_stall()
    {
        _hub.Attach(new LoopbackChannel(BridgeChannels.Attach), BridgeRole.Attach, Pcm16k);
        _hub.Start();

        _time.Advance(TimeSpan.FromMilliseconds(100));
        await WaitUntil(() => _hub.Ticks == 5);
        _time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntil(() => _hub.Snapshot() is { } s && s.Ticks + s.SkippedTicks == 55);

        Assert.InRange(_hub.Ticks, 6, 55);
        await _hub.StopAsync(callEnded: false);
        Assert.False(_hub.Running);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in 10 s");
            await Task.Delay(10);
        }
    }
}
