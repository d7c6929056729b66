using System.Net;
using System.Net.WebSockets;
using BenchmarkDotNet.Attributes;
using ClutchCall.Moqt.Hosting;
using ClutchCall.Moqt.Messages;
using ClutchCall.Moqt.Model;
using ClutchCall.Moqt.Session;
using ClutchCall.Moqt.Transport.Mux;
using ClutchCall.Moqt.Transport.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Moqt.Benchmarks;

/// <summary>
/// Frames per second echoed through Kestrel on loopback: a raw WebSocket echo (baseline) beside a MoQT session where
/// the client publishes "uplink", the server subscribes and echoes every frame onto "downlink", and the client reads it
/// back. Each frame is 160 bytes; one MoQT frame = one group = one stream, as in the audio mapping.
/// </summary>
public class LoopbackBenchmarks
{
    private const int Frames = 1000;
    private static readonly TrackNamespace Voice = new("voice", "CABENCH");

    private WebApplication _app = null!;
    private ClientWebSocket _echo = null!;
    private MoqtSession _moqt = null!;
    private TrackProducer _uplink = null!;
    private TrackConsumer _downlink = null!;
    private readonly byte[] _payload = new byte[160];
    private readonly byte[] _receive = new byte[4096];

    // Synchronous wrappers: the in-process toolchain does not await async setup methods.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.Configure<MoqtSessionOptions>(o => o.SubscriberQueueCapacity = Frames * 2);
        _app = builder.Build();
        _app.UseWebSockets();
        _app.Map("/echo", EchoAsync);
        _app.MapMoqt("/moq", ServeMoqtEchoAsync, onSetup: (session, _) =>
        {
            session.Origin.GetOrCreate(Voice).GetOrCreateTrack("downlink");
            return ValueTask.CompletedTask;
        });
        await _app.StartAsync();
        var baseUri = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        _echo = new ClientWebSocket();
        _echo.Options.KeepAliveInterval = TimeSpan.Zero;
        await _echo.ConnectAsync(MoqtWebSocketClient.ToWebSocketUri(new Uri(baseUri, "/echo")), CancellationToken.None);

        var origin = new MoqtOrigin();
        _uplink = origin.GetOrCreate(Voice).GetOrCreateTrack("uplink");
        MultiplexedTransport transport = await MoqtWebSocketClient.ConnectAsync(new Uri(baseUri, "/moq"));
        _moqt = await MoqtSession.ConnectAsync(transport, origin, new MoqtSessionOptions { SubscriberQueueCapacity = Frames * 2 });
        await _moqt.PublishNamespaceAsync(Voice);
        _downlink = (await _moqt.SubscribeAsync(Voice, "downlink")).Frames;
        while (_uplink.ConsumerCount == 0) await Task.Delay(10);
    }

    private async Task CleanupAsync()
    {
        await _moqt.DisposeAsync();
        _echo.Abort();
        _echo.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Frames)]
    public async Task RawWebSocketEcho()
    {
        Task reader = Task.Run(async () =>
        {
            for (int i = 0; i < Frames; i++)
            {
                ValueWebSocketReceiveResult r;
                do r = await _echo.ReceiveAsync(_receive.AsMemory(), CancellationToken.None);
                while (!r.EndOfMessage);
            }
        });
        for (int i = 0; i < Frames; i++) await _echo.SendAsync(_payload, WebSocketMessageType.Binary, true, CancellationToken.None);
        await reader;
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public async Task MoqtSessionEcho()
    {
        Task reader = Task.Run(async () =>
        {
            for (int i = 0; i < Frames; i++)
            {
                Group group = (await _downlink.ReadGroupAsync())!;
                await group.ReadFrameAsync(0);
            }
        });
        for (int i = 0; i < Frames; i++) _uplink.WriteFrame(new MoqtFrame(_payload));
        await reader;
    }

    private static async Task EchoAsync(HttpContext context)
    {
        using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = TimeSpan.Zero });
        var buffer = new byte[4096];
        while (true)
        {
            ValueWebSocketReceiveResult r = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
            if (r.MessageType == WebSocketMessageType.Close) return;
            await socket.SendAsync(buffer.AsMemory(0, r.Count), WebSocketMessageType.Binary, r.EndOfMessage, CancellationToken.None);
        }
    }

    private static async Task ServeMoqtEchoAsync(MoqtSession session, HttpContext context)
    {
        IncomingNamespace? incoming = await session.AcceptNamespaceAsync();
        if (incoming is null) return;
        await incoming.AcceptAsync();
        TrackProducer downlink = session.Origin.GetOrCreate(incoming.Namespace).GetOrCreateTrack("downlink");
        MoqtSubscription uplink = await session.SubscribeAsync(incoming.Namespace, "uplink");
        await foreach (MoqtFrame frame in uplink.Frames.ReadFramesAsync()) downlink.WriteFrame(frame);
    }
}
