using ClutchCall.TestKit;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Messages;
using ClutchCall.Moqt.Model;
using ClutchCall.Moqt.Session;
using Xunit.Abstractions;

namespace ClutchCall.Moqt.Tests;

/// <summary>
/// Interop with an independent implementation: @kixelated/moq 0.9.4 under Node, over the WebSocket polyfill,
/// against the Kestrel-hosted server. The peer subscribes to downlink and publishes uplink; frames must arrive intact.
/// </summary>
public sealed class NodeInteropTests(ITestOutputHelper output)
{
    private const int Frames = 25;

    [Fact]
    public async Task KixelatedMoqClient_ExchangesVoiceFramesBothWays()
    {
        string sid = "CA" + Guid.NewGuid().ToString("N")[..10];
        var ns = new TrackNamespace("voice", sid);
        var uplink = new ConcurrentQueue<byte[]>();
        var uplinkComplete = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sessionInfo = new TaskCompletionSource<MoqtVersion>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopDownlink = new CancellationTokenSource();

        await using MoqtTestServer server = await MoqtTestServer.StartAsync(
            onSetup: (session, _) =>
            {
                sessionInfo.TrySetResult(session.Version);
                session.Origin.GetOrCreate(ns).GetOrCreateTrack("downlink");
                return ValueTask.CompletedTask;
            },
            handler: async (session, _) =>
            {
                TrackProducer downlink = session.Origin.GetOrCreate(ns).GetOrCreateTrack("downlink");
                Task writer = WriteDownlinkAsync(downlink, stopDownlink.Token);

                IncomingNamespace? announced = await session.AcceptNamespaceAsync();
                Assert.NotNull(announced);
                Assert.Equal(ns, announced.Namespace);
                await announced.AcceptAsync();

                MoqtSubscription subscription = await session.SubscribeAsync(ns, "uplink");
                await foreach (MoqtFrame frame in subscription.Frames.ReadFramesAsync())
                {
                    uplink.Enqueue(frame.Payload.ToArray());
                    if (uplink.Count == Frames) break;
                }

                uplinkComplete.TrySetResult();
                await session.Completion;
                stopDownlink.Cancel();
                await writer;
            });

        (int exitCode, List<JsonElement> events, string stdout, string stderr) = await MoqtInteropPeer.RunAsync("voice-peer.mjs", server.MoqUri, sid, Frames);
        output.WriteLine(stdout);
        output.WriteLine(stderr);
        Assert.True(exitCode == 0, $"node peer exited with {exitCode}: {stderr}");

        MoqtVersion version = await sessionInfo.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(MoqtVersion.Draft14Number, version.Number);
        Assert.Equal(MoqtDialect.MoqLiteJs, version.Dialect);
        Assert.Contains(events, e => e.GetProperty("event").GetString() == "connected" && e.GetProperty("kind").GetString() == "Connection");

        // Downlink: every frame byte-exact as the server wrote it, in order. The JS track reader skips a group that is
        // still empty when a newer one is already queued (it prefers the live edge), so when Node's event loop stalls
        // on a loaded machine and several frames land at once, some are passed over: skips are allowed, reordering,
        // corruption or a stalled track are not.
        byte[][] downlink = [.. events.Where(e => e.GetProperty("event").GetString() == "downlink-frame").Select(e => Convert.FromBase64String(e.GetProperty("data").GetString()!))];
        Assert.Equal(Frames, downlink.Length);
        int[] indices = [.. downlink.Select(f => AudioPatterns.IndexOf(f))];
        for (int i = 0; i < downlink.Length; i++) Assert.Equal(AudioPatterns.Downlink(indices[i]), downlink[i]);
        for (int i = 1; i < indices.Length; i++) Assert.True(indices[i] > indices[i - 1], $"downlink out of order: {string.Join(",", indices)}");
        Assert.True(indices[^1] - indices[0] < 3 * Frames, $"downlink mostly skipped: {string.Join(",", indices)}");

        // Uplink: all frames, in order, intact.
        await uplinkComplete.Task.WaitAsync(TimeSpan.FromSeconds(10));
        byte[][] received = [.. uplink];
        Assert.Equal(Frames, received.Length);
        for (int i = 0; i < received.Length; i++) Assert.Equal(AudioPatterns.Uplink(i), received[i]);
    }

    private static async Task WriteDownlinkAsync(TrackProducer downlink, CancellationToken token)
    {
        // Sequential delays rather than a periodic timer: a late timer fires twice back to back.
        int i = 0;
        try
        {
            while (!token.IsCancellationRequested)
            {
                downlink.WriteFrame(new MoqtFrame(AudioPatterns.Downlink(i++), MoqtFrame.ToMicros(DateTimeOffset.UtcNow)));
                await Task.Delay(20, token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
