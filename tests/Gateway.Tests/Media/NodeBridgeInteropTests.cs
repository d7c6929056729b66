using ClutchCall.TestKit;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.Json;
using ClutchCall.Testing.Bridge;
using Xunit.Abstractions;

namespace ClutchCall.Gateway.Tests.Media;

/// <summary>
/// An independent MoQT client, @kixelated/moq 0.9.4 under Node (tests/Moqt.Interop/bridge-peer.mjs), as an attach
/// bridge through the real gateway edge with its token in ?jwt=: it gets the grain's uplink and its downlink reaches
/// the grain, byte for byte.
/// </summary>
public sealed class NodeBridgeInteropTests(BridgeHost bridge, ITestOutputHelper output) : IClassFixture<BridgeHost>
{
    private const int Frames = 20;

    [Fact]
    public async Task Kixelated_moq_attaches_through_the_gateway_edge()
    {
        var sid = await bridge.NewCallAsync();
        var token = await bridge.BridgeTokenAsync(sid, "attach");

        var (exit, events, stdout, stderr) = await MoqtInteropPeer.RunAsync(
            "bridge-peer.mjs", bridge.MoqUri($"sid={sid}&role=attach&jwt={Uri.EscapeDataString(token)}"), sid, Frames);
        output.WriteLine(stdout);
        Assert.True(exit == 0, $"node peer exited with {exit}: {stderr}");

        // Uplink: the grain's tone frames (and echoes of the peer's own downlink), each intact. moq-lite-js skips a group
        // still empty when a newer one is queued, so gaps are allowed; corruption is not.
        var uplink = events.Where(e => e.GetProperty("event").GetString() == "uplink-frame")
            .Select(e => Convert.FromBase64String(e.GetProperty("data").GetString()!)).ToList();
        Assert.Equal(Frames, uplink.Count);
        Assert.All(uplink, f => Assert.True(BridgeProbe.IsTone(f) || IsDownlink(f), Convert.ToHexString(f)));
        Assert.Contains(uplink, f => BridgeProbe.IsTone(f));

        // Downlink: every frame reached the grain in order, with a capture timestamp stamped by the gateway.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (bridge.Probe.ReceivedFor(sid).Count < Frames && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        var received = bridge.Probe.ReceivedFor(sid);
        Assert.Equal(Frames, received.Count);
        for (var i = 0; i < Frames; i++)
        {
            Assert.Equal(DownlinkFrame(i), received[i].Frame[8..]);
            Assert.NotEqual(0UL, BinaryPrimitives.ReadUInt64LittleEndian(received[i].Frame));
        }
    }

    private static byte[] DownlinkFrame(int i)
    {
        var frame = new byte[160];
        frame[0] = (byte)'D';
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)i);
        for (var k = 5; k < frame.Length; k++)
        {
            frame[k] = (byte)((i * 11) + k);
        }
        return frame;
    }

    private static bool IsDownlink(byte[] frame) =>
        frame.Length == 160 && frame[0] == 'D' && frame.AsSpan().SequenceEqual(DownlinkFrame((int)BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1))));
}
