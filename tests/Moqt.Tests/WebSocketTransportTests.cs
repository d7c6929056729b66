using System.Net;
using System.Net.WebSockets;
using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Messages;
using ClutchCall.Moqt.Model;
using ClutchCall.Moqt.Session;
using ClutchCall.Moqt.Transport;
using ClutchCall.Moqt.Transport.Mux;
using ClutchCall.Moqt.Transport.WebSockets;

namespace ClutchCall.Moqt.Tests;

/// <summary>The Kestrel endpoint (MapMoqt) and the ClientWebSocket client, end to end on loopback.</summary>
public sealed class WebSocketTransportTests
{
    private static readonly TrackNamespace Voice = new("voice", "CA7");
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task CSharpClient_AndKestrelServer_ExchangeFramesBothWays()
    {
        var uplinkFrames = new TaskCompletionSource<List<byte[]>>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using MoqtTestServer server = await MoqtTestServer.StartAsync(
            onSetup: (session, _) =>
            {
                TrackProducer downlink = session.Origin.GetOrCreate(Voice).GetOrCreateTrack("downlink");
                downlink.ConsumerAdded += _ => Task.Run(() =>
                {
                    for (int i = 0; i < 10; i++) downlink.WriteFrame(new MoqtFrame(AudioPatterns.Downlink(i), 42));
                    downlink.Close();
                });
                return ValueTask.CompletedTask;
            },
            handler: async (session, _) =>
            {
                IncomingNamespace? incoming = await session.AcceptNamespaceAsync();
                await incoming!.AcceptAsync();
                MoqtSubscription uplink = await session.SubscribeAsync(Voice, "uplink");
                var got = new List<byte[]>();
                await foreach (MoqtFrame f in uplink.Frames.ReadFramesAsync()) got.Add(f.Payload.ToArray());
                uplinkFrames.TrySetResult(got);
                await session.Completion;
            });

        var origin = new MoqtOrigin();
        TrackProducer uplinkTrack = origin.GetOrCreate(Voice).GetOrCreateTrack("uplink");
        MultiplexedTransport transport = await MoqtWebSocketClient.ConnectAsync(server.MoqUri);
        await using MoqtSession client = await MoqtSession.ConnectAsync(transport, origin, new MoqtSessionOptions { SubscriberQueueCapacity = 32 });

        MoqtSubscription downlink = await client.SubscribeAsync(Voice, "downlink");
        await client.PublishNamespaceAsync(Voice);
        await WaitUntilAsync(() => uplinkTrack.ConsumerCount == 1);
        for (int i = 0; i < 10; i++) uplinkTrack.WriteFrame(new MoqtFrame(AudioPatterns.Uplink(i)));
        uplinkTrack.Close();

        var received = new List<MoqtFrame>();
        await foreach (MoqtFrame f in downlink.Frames.ReadFramesAsync().WithCancellation(new CancellationTokenSource(Wait).Token)) received.Add(f);
        Assert.Equal(Enumerable.Range(0, 10).Select(AudioPatterns.Downlink), received.Select(f => f.Payload.ToArray()));
        Assert.All(received, f => Assert.Equal(42UL, f.CaptureTimestampMicros));
        Assert.Equal(Enumerable.Range(0, 10).Select(AudioPatterns.Uplink), await uplinkFrames.Task.WaitAsync(Wait));
    }

    [Fact]
    public async Task RefusedSetup_ClosesWithUnauthorized()
    {
        await using MoqtTestServer server = await MoqtTestServer.StartAsync(
            onSetup: (session, context) => context.Request.Query["jwt"] == "good"
                ? ValueTask.CompletedTask
                : throw new MoqtException(MoqtErrorCode.Unauthorized, "bad bridge token"),
            handler: session => session.Completion);

        MultiplexedTransport transport = await MoqtWebSocketClient.ConnectAsync(new Uri(server.MoqUri, "?jwt=bad"));

        // The refusal can overtake SERVER_SETUP on the client: either way the code and reason come through.
        TransportCloseInfo closed;
        try
        {
            await using MoqtSession client = await MoqtSession.ConnectAsync(transport);
            closed = await client.Completion.WaitAsync(Wait);
        }
        catch (MoqtException ex)
        {
            closed = new TransportCloseInfo((ulong)ex.Code, ex.Message, ClosedByPeer: true);
        }

        Assert.True((ulong)MoqtErrorCode.Unauthorized == closed.ErrorCode, closed.ToString());
        Assert.Equal("bad bridge token", closed.Reason);
    }

    [Fact]
    public async Task PlainHttpRequest_GetsProblemJson400()
    {
        await using MoqtTestServer server = await MoqtTestServer.StartAsync(handler: session => session.Completion);
        using var http = new HttpClient();
        HttpResponseMessage response = await http.GetAsync(server.MoqUri);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task WebSocketWithoutTheSubprotocol_IsRefused()
    {
        await using MoqtTestServer server = await MoqtTestServer.StartAsync(handler: session => session.Completion);
        using var socket = new ClientWebSocket();
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(MoqtWebSocketClient.ToWebSocketUri(server.MoqUri), CancellationToken.None));
    }

    [Fact]
    public async Task TextMessage_ClosesWithProtocolViolation()
    {
        await using MoqtTestServer server = await MoqtTestServer.StartAsync(handler: session => session.Completion);
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("webtransport");
        await socket.ConnectAsync(MoqtWebSocketClient.ToWebSocketUri(server.MoqUri), CancellationToken.None);
        await socket.SendAsync("hello"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);

        // The server answers with APPLICATION_CLOSE (0x1d) carrying PROTOCOL_VIOLATION (0x3), then closes the WebSocket.
        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(Wait);
        WebSocketReceiveResult result = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Binary, result.MessageType);
        Assert.Equal(new byte[] { 0x1D, 0x03 }, buffer[..2]);
        result = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (!condition()) await Task.Delay(10, timeout.Token);
    }
}
