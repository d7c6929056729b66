using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ClutchCall.Gateway.Media;
using ClutchCall.Moqt.Audio;
using ClutchCall.Moqt.Model;
using ClutchCall.Testing.Bridge;
using Microsoft.Extensions.DependencyInjection;

namespace ClutchCall.Gateway.Tests.Media;

public sealed class BridgeMetricsTests(BridgeHost bridge) : IClassFixture<BridgeHost>
{
    [Fact]
    public async Task Bridges_refusals_and_frames_are_counted()
    {
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        var scope = bridge.Host.Services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == BridgeMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name + string.Concat(tags.ToArray().Select(t => $"|{t.Key}={t.Value}"));
            totals.AddOrUpdate(key, value, (_, v) => v + value);
        });
        listener.Start();

        var sid = await bridge.NewCallAsync();
        await MoqtBridgeClient.ClosedAsync(bridge.MoqUri(), token: null);
        var token = await bridge.BridgeTokenAsync(sid, "attach");
        var origin = new MoqtOrigin();
        var downlink = origin.GetOrCreate(VoiceTracks.Namespace(sid)).GetOrCreateTrack(VoiceTracks.Downlink);
        await using (var session = await MoqtBridgeClient.ConnectAsync(bridge.MoqUri(), token, origin))
        {
            var uplink = await session.SubscribeAsync(VoiceTracks.Namespace(sid), VoiceTracks.Uplink);
            await MoqtBridgeClient.ReadAsync(uplink, 3);
            await session.PublishNamespaceAsync(VoiceTracks.Namespace(sid));
            await MoqtBridgeClient.UntilSubscribedAsync(downlink);
            downlink.WriteFrame(new MoqtFrame(new byte[] { 1, 2, 3 }, MoqtFrame.ToMicros(DateTimeOffset.UtcNow)));
            var deadline = DateTime.UtcNow + MoqtBridgeClient.Wait;
            while (bridge.Probe.ReceivedFor(sid).Count == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }
            Assert.Equal(1, totals.GetValueOrDefault("clutchcall.bridge.open|role=attach"));
        }

        var settle = DateTime.UtcNow + MoqtBridgeClient.Wait;
        while (totals.GetValueOrDefault("clutchcall.bridge.open|role=attach") != 0 && DateTime.UtcNow < settle)
        {
            await Task.Delay(10);
        }
        Assert.Equal(0, totals.GetValueOrDefault("clutchcall.bridge.open|role=attach"));
        Assert.True(totals.GetValueOrDefault("clutchcall.bridge.refused|reason=token") >= 1, string.Join(", ", totals));
        Assert.True(totals.GetValueOrDefault("clutchcall.bridge.frames_to_client") >= 3, string.Join(", ", totals));
        Assert.True(totals.GetValueOrDefault("clutchcall.bridge.frames_to_grain") >= 1, string.Join(", ", totals));
    }
}
