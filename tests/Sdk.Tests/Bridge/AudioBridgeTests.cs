using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ClutchCall.Moqt.Hosting;
using ClutchCall.Testing;
using ClutchCall.Testing.Bridge;

namespace ClutchCall.Sdk.Tests.Bridge;

/// <summary>The SDK's audio bridge against the real gateway edge and the stand-in call grain (tone + echo).</summary>
public sealed class AudioBridgeTests(BridgeHost bridge) : IClassFixture<BridgeHost>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private Voice NewVoice(string? baseUrl = null) => new(new VoiceOptions
    {
        BaseUrl = baseUrl ?? bridge.Host.BaseAddress.ToString(),
        ApiKey = VoiceTestHost.DevKey,
        OrgId = VoiceTestHost.DevOrg,
        ReconnectDelay = TimeSpan.FromMilliseconds(100),
    });

    [Fact]
    public async Task Attach_receives_uplink_and_its_downlink_reaches_the_grain()
    {
        var sid = await bridge.NewCallAsync();
        using var voice = NewVoice();
        var uplink = new FrameSink();
        await using var audio = await voice.AudioBridge.AttachAsync(sid, new AudioBridgeOptions { OnUplink = uplink.Add });

        Assert.Equal(sid, audio.CallSid);
        var tones = await uplink.UntilAsync(5, f => BridgeProbe.IsTone(f.Frame));
        Assert.All(tones, t => Assert.InRange(t.TimestampUs, Micros(DateTimeOffset.UtcNow.AddSeconds(-10)), Micros(DateTimeOffset.UtcNow)));

        // The grain echoes what it hears: the echo proves the downlink reached it, timestamp and all. (Timestamps must
        // be recent: the gateway drops frames older than the delivery timeout.)
        var baseUs = Micros(DateTimeOffset.UtcNow);
        for (var i = 0; i < 5; i++)
        {
            audio.PublishDownlink(new byte[] { (byte)'D', (byte)i, 9, 9 }, timestampUs: baseUs + i);
            await Task.Delay(20);
        }
        await UntilAsync(() => bridge.Probe.ReceivedFor(sid).Count == 5);
        var atGrain = bridge.Probe.ReceivedFor(sid);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => (byte)i), atGrain.Select(f => f.Frame[9]));

        // On the way back the SDK's live queue may shed a frame if this machine stalls; whatever arrives is intact.
        var echoes = await uplink.UntilAsync(1, f => f.Frame[0] == 'D');
        Assert.All(echoes, e => Assert.Equal(baseUs + e.Frame[1], e.TimestampUs));
        Assert.Equal(5, atGrain.Count);
        Assert.All(atGrain, f => Assert.Equal("bridge:attach", f.Name));
        Assert.Equal((ulong)baseUs, BinaryPrimitives.ReadUInt64LittleEndian(atGrain[0].Frame));
    }

    [Fact]
    public async Task AttachCaller_publishes_uplink_and_the_downlink_callback_can_be_swapped_mid_call()
    {
        var sid = await bridge.NewCallAsync();
        using var voice = NewVoice();
        var first = new FrameSink();
        var second = new FrameSink();
        await using var audio = await voice.AudioBridge.AttachCallerAsync(sid, new AudioBridgeOptions { OnDownlink = first.Add });

        await first.UntilAsync(3, f => BridgeProbe.IsTone(f.Frame));
        audio.OnDownlink(second.Add);
        var countAtSwap = first.Count;
        await second.UntilAsync(3, f => BridgeProbe.IsTone(f.Frame));
        Assert.InRange(first.Count, countAtSwap, countAtSwap + 1); // at most one frame was already in flight

        audio.PublishUplink(new byte[] { (byte)'U', 1 });
        await UntilAsync(() => bridge.Probe.ReceivedFor(sid).Count == 1);
        var (name, frame) = bridge.Probe.ReceivedFor(sid)[0];
        Assert.Equal("bridge:caller", name);
        Assert.Equal(new byte[] { (byte)'U', 1 }, frame[8..]);
        Assert.InRange((long)BinaryPrimitives.ReadUInt64LittleEndian(frame), Micros(DateTimeOffset.UtcNow.AddSeconds(-10)), Micros(DateTimeOffset.UtcNow.AddSeconds(1)));
        Assert.Throws<InvalidOperationException>(() => audio.PublishDownlink(new byte[] { 1 }));
    }

    [Fact]
    public async Task A_typed_format_reaches_the_grain_as_channel_metadata()
    {
        var sid = await bridge.NewCallAsync();
        using var voice = NewVoice();
        await using var audio = await voice.AudioBridge.AttachAsync(sid, new AudioBridgeOptions { Codec = AudioCodec.Pcm16, SampleRate = 16000, FrameMs = 20 });

        var opened = Assert.Single(bridge.Probe.OpenedFor(sid));
        Assert.Equal("bridge:attach", opened.Name);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"codec":"pcm16","sampleRate":16000,"channels":1,"frameMs":20}"""), JsonNode.Parse(opened.Metadata)), opened.Metadata);
    }

    [Fact]
    public async Task Default_options_ask_for_opus_48k_mono_20ms()
    {
        var sid = await bridge.NewCallAsync();
        using var voice = NewVoice();
        await using var audio = await voice.AudioBridge.AttachAsync(sid);

        var opened = Assert.Single(bridge.Probe.OpenedFor(sid));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"codec":"opus","sampleRate":48000,"channels":1,"frameMs":20}"""), JsonNode.Parse(opened.Metadata)), opened.Metadata);
    }

    [Fact]
    public async Task A_dropped_connection_reconnects_and_frames_resume_both_ways()
    {
        var sid = await bridge.NewCallAsync();
        await using var proxy = new DroppableTcpProxy(bridge.Host.BaseAddress);
        using var voice = NewVoice(proxy.Address.ToString());
        var uplink = new FrameSink();
        await using var audio = await voice.AudioBridge.AttachAsync(sid, new AudioBridgeOptions { OnUplink = uplink.Add });
        await uplink.UntilAsync(3, f => BridgeProbe.IsTone(f.Frame));

        proxy.DropAll();
        await UntilAsync(() => audio.Reconnects == 1);
        var before = uplink.Count;
        await uplink.UntilAsync(before + 3, f => BridgeProbe.IsTone(f.Frame));

        // The publication was replayed too: the gateway's new session subscribed to downlink again.
        await UntilAsync(() =>
        {
            audio.PublishDownlink(new byte[] { (byte)'D', 7 });
            return bridge.Probe.ReceivedFor(sid).Count > 0;
        });
        Assert.Equal(2, bridge.Probe.OpenedFor(sid).Count);
        Assert.False(audio.Completion.IsCompleted);
    }

    [Fact]
    public async Task A_draining_gateway_moves_the_bridge_with_goaway_and_audio_goes_on()
    {
        var sid = await bridge.NewCallAsync();
        using var voice = NewVoice();
        var uplink = new FrameSink();
        await using var audio = await voice.AudioBridge.AttachAsync(sid, new AudioBridgeOptions { OnUplink = uplink.Add });
        await uplink.UntilAsync(3, f => BridgeProbe.IsTone(f.Frame));

        // A grace far beyond the test's wait: the drain finishing proves the SDK left the old session by itself.
        var sessions = bridge.Host.Services.GetRequiredService<MoqtSessions>();
        await sessions.GoAwayAllAsync("", TimeSpan.FromMinutes(5)).WaitAsync(Wait);

        Assert.Equal(1, audio.Moves);
        Assert.Equal(0, audio.Reconnects);
        var before = uplink.Count;
        await uplink.UntilAsync(before + 3, f => BridgeProbe.IsTone(f.Frame));
        await UntilAsync(() =>
        {
            audio.PublishDownlink(new byte[] { (byte)'D', 8 });
            return bridge.Probe.ReceivedFor(sid).Count > 0;
        });
        Assert.Equal(2, bridge.Probe.OpenedFor(sid).Count);
        Assert.False(audio.Completion.IsCompleted);
    }

    [Fact]
    public async Task The_call_ending_ends_the_bridge()
    {
        var sid = await bridge.NewCallAsync();
        using var voice = NewVoice();
        var audio = await voice.AudioBridge.AttachAsync(sid);

        await bridge.Call(sid).EndAsync();

        await audio.Completion.WaitAsync(Wait);
        Assert.Equal("call ended", audio.EndReason);
        await audio.CloseAsync();
    }

    [Fact]
    public async Task Attaching_to_a_call_not_answered_fails_with_the_grains_reason()
    {
        var sid = await bridge.NewCallAsync(answered: false);
        using var voice = NewVoice();
        var refused = await Assert.ThrowsAsync<AudioBridgeException>(() => voice.AudioBridge.AttachAsync(sid));
        Assert.Contains("call not answered", refused.Reason);
    }

    [Fact]
    public async Task Two_attach_bridges_on_one_call_both_hear_the_caller()
    {
        var sid = await bridge.NewCallAsync();
        using var voice = NewVoice();
        var agent = new FrameSink();
        var recorder = new FrameSink();
        await using var first = await voice.AudioBridge.AttachAsync(sid, new AudioBridgeOptions { OnUplink = agent.Add });
        await using var second = await voice.AudioBridge.AttachAsync(sid, new AudioBridgeOptions { Codec = AudioCodec.G711Ulaw, OnUplink = recorder.Add });

        await agent.UntilAsync(3, f => BridgeProbe.IsTone(f.Frame));
        await recorder.UntilAsync(3, f => BridgeProbe.IsTone(f.Frame));
        Assert.Equal(2, bridge.Probe.OpenedFor(sid).Count(o => o.Name == "bridge:attach"));
        Assert.Contains(bridge.Probe.OpenedFor(sid), o => o.Metadata.Contains("\"g711_ulaw\"", StringComparison.Ordinal) && o.Metadata.Contains("8000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_format_the_engine_cannot_run_is_refused_with_the_reason()
    {
        var sid = await bridge.NewCallAsync();
        using var voice = NewVoice();
        var refused = await Assert.ThrowsAsync<AudioBridgeException>(() =>
            voice.AudioBridge.AttachAsync(sid, new AudioBridgeOptions { Codec = AudioCodec.G711Alaw, SampleRate = 16000 }));
        Assert.Equal(0x8UL, refused.Code);
        Assert.Contains("8000", refused.Reason);
    }

    [Fact]
    public async Task A_callback_that_throws_does_not_stop_the_audio()
    {
        var sid = await bridge.NewCallAsync();
        using var voice = NewVoice();
        var sink = new FrameSink();
        var calls = 0;
        await using var audio = await voice.AudioBridge.AttachAsync(sid, new AudioBridgeOptions
        {
            OnUplink = (f, ts) =>
            {
                if (Interlocked.Increment(ref calls) % 2 == 0)
                {
                    throw new InvalidOperationException("consumer bug");
                }
                sink.Add(f, ts);
            },
        });

        await sink.UntilAsync(5, f => BridgeProbe.IsTone(f.Frame));
        Assert.True(audio.CallbackFailures >= 4, $"{audio.CallbackFailures} failures");
        Assert.False(audio.Completion.IsCompleted);
    }

    [Fact]
    public async Task Attaching_to_an_unknown_call_is_a_404()
    {
        using var voice = NewVoice();
        var error = await Assert.ThrowsAsync<VoiceApiException>(() => voice.AudioBridge.AttachAsync(Grains.Interfaces.CallSid.New()));
        Assert.Equal(404, error.Status);
    }

    private static long Micros(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    private static async Task UntilAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(20);
        }
    }

    private sealed class FrameSink
    {
        private readonly ConcurrentQueue<(byte[] Frame, long TimestampUs)> _frames = new();

        public int Count => _frames.Count;

        public void Add(ReadOnlyMemory<byte> frame, long timestampUs) => _frames.Enqueue((frame.ToArray(), timestampUs));

        public async Task<List<(byte[] Frame, long TimestampUs)>> UntilAsync(int count, Func<(byte[] Frame, long TimestampUs), bool> match)
        {
            await AudioBridgeTests.UntilAsync(() => _frames.Count(match) >= count);
            return [.. _frames.Where(match).Take(count)];
        }
    }
}
