using System.Buffers.Binary;
using System.Text.Json.Nodes;
using ClutchCall.Moqt.Audio;
using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Model;
using ClutchCall.Testing.Bridge;

namespace ClutchCall.Gateway.Tests.Media;

/// <summary>A raw src/Moqt client through the gateway edge to the stand-in call grain and back.</summary>
public sealed class BridgeRelayTests(BridgeHost bridge) : IClassFixture<BridgeHost>
{
    [Fact]
    public async Task Attach_gets_uplink_with_timestamps_and_its_downlink_reaches_the_grain()
    {
        var sid = await bridge.NewCallAsync();
        var token = await bridge.BridgeTokenAsync(sid, "attach");
        var ns = VoiceTracks.Namespace(sid);
        var origin = new MoqtOrigin();
        var downlink = origin.GetOrCreate(ns).GetOrCreateTrack(VoiceTracks.Downlink);
        await using var session = await MoqtBridgeClient.ConnectAsync(bridge.MoqUri($"sid={sid}&role=attach"), token, origin);

        var uplink = await session.SubscribeAsync(ns, VoiceTracks.Uplink);
        var tones = await MoqtBridgeClient.ReadAsync(uplink, 5);

        Assert.All(tones, f => Assert.True(BridgeProbe.IsTone(f.Payload.Span)));
        Assert.All(tones, f => Assert.InRange(MoqtFrame.FromMicros(f.CaptureTimestampMicros), DateTimeOffset.UtcNow.AddSeconds(-10), DateTimeOffset.UtcNow));

        await session.PublishNamespaceAsync(ns);
        await MoqtBridgeClient.UntilSubscribedAsync(downlink);
        for (var i = 0; i < 10; i++)
        {
            downlink.WriteFrame(new MoqtFrame(new byte[] { (byte)'D', (byte)i, 1, 2, 3 }, 1_000_000UL + (ulong)i));
            await Task.Delay(20);
        }

        var received = await UntilReceivedAsync(sid, 10);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("bridge:attach", received[i].Name);
            Assert.Equal(1_000_000UL + (ulong)i, BinaryPrimitives.ReadUInt64LittleEndian(received[i].Frame));
            Assert.Equal(new byte[] { (byte)'D', (byte)i, 1, 2, 3 }, received[i].Frame[8..]);
        }
        var opened = Assert.Single(bridge.Probe.OpenedFor(sid));
        Assert.Equal("bridge:attach", opened.Name);
    }

    [Fact]
    public async Task A_raw_client_that_says_nothing_gets_opus_48k_mono_20ms()
    {
        var sid = await bridge.NewCallAsync();
        var token = await bridge.BridgeTokenAsync(sid, "attachCaller");
        await using var session = await MoqtBridgeClient.ConnectAsync(bridge.MoqUri(), token);
        var downlink = await session.SubscribeAsync(VoiceTracks.Namespace(sid), VoiceTracks.Downlink);
        await MoqtBridgeClient.ReadAsync(downlink, 1);

        var opened = Assert.Single(bridge.Probe.OpenedFor(sid));
        Assert.Equal("bridge:caller", opened.Name);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"codec":"opus","sampleRate":48000,"channels":1,"frameMs":20}"""), JsonNode.Parse(opened.Metadata)), opened.Metadata);
    }

    [Fact]
    public async Task A_format_asked_for_in_the_query_reaches_the_grain()
    {
        var sid = await bridge.NewCallAsync();
        var token = await bridge.BridgeTokenAsync(sid, "attach");
        await using var session = await MoqtBridgeClient.ConnectAsync(bridge.MoqUri("codec=pcm16&sampleRate=16000&frameMs=10"), token);
        var uplink = await session.SubscribeAsync(VoiceTracks.Namespace(sid), VoiceTracks.Uplink);
        await MoqtBridgeClient.ReadAsync(uplink, 1);

        var opened = Assert.Single(bridge.Probe.OpenedFor(sid));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"codec":"pcm16","sampleRate":16000,"channels":1,"frameMs":10}"""), JsonNode.Parse(opened.Metadata)), opened.Metadata);
    }

    [Fact]
    public async Task The_role_decides_which_track_can_be_subscribed()
    {
        var sid = await bridge.NewCallAsync();
        var token = await bridge.BridgeTokenAsync(sid, "attachCaller");
        await using var session = await MoqtBridgeClient.ConnectAsync(bridge.MoqUri(), token);

        await Assert.ThrowsAsync<Moqt.Session.MoqtRequestException>(() => session.SubscribeAsync(VoiceTracks.Namespace(sid), VoiceTracks.Uplink));
        await Assert.ThrowsAsync<Moqt.Session.MoqtRequestException>(() => session.SubscribeAsync(VoiceTracks.Namespace(Grains.Interfaces.CallSid.New()), VoiceTracks.Downlink));
    }

    [Fact]
    public async Task The_call_ending_ends_the_session_cleanly()
    {
        var sid = await bridge.NewCallAsync();
        var token = await bridge.BridgeTokenAsync(sid, "attach");
        await using var session = await MoqtBridgeClient.ConnectAsync(bridge.MoqUri(), token);
        var uplink = await session.SubscribeAsync(VoiceTracks.Namespace(sid), VoiceTracks.Uplink);
        await MoqtBridgeClient.ReadAsync(uplink, 1);

        await bridge.Call(sid).EndAsync();

        var closed = await session.Completion.WaitAsync(MoqtBridgeClient.Wait);
        Assert.True(closed.ErrorCode == (ulong)MoqtErrorCode.NoError, closed.ToString());
        Assert.Equal("call ended", closed.Reason);
    }

    private async Task<IReadOnlyList<(string Name, byte[] Frame)>> UntilReceivedAsync(string sid, int count)
    {
        var deadline = DateTime.UtcNow + MoqtBridgeClient.Wait;
        while (bridge.Probe.ReceivedFor(sid).Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the grain received {bridge.Probe.ReceivedFor(sid).Count} of {count} frames");
            await Task.Delay(20);
        }
        return bridge.Probe.ReceivedFor(sid);
    }
}
