using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using ClutchCall.Bridge.Benchmarks;
using ClutchCall.Runtime;
using ClutchCall.Sdk;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Audio bridge load run: N concurrent bridges at F frames/s each, SDK bridge -> gateway MoQT edge -> grain channel
// -> echo -> back, beside a raw WebSocket echo (same Kestrel, same N, same rate, same frame size) in the same process.
// Usage: dotnet run -c Release --project bench/Bridge.Benchmarks -- [--bridges 500] [--fps 50] [--seconds 20] [--frame 80]
var bridges = Arg("--bridges", 500);
var fps = Arg("--fps", 50);
var seconds = Arg("--seconds", 20);
var frameBytes = Arg("--frame", 80);
const int WarmupSeconds = 3;
const string Key = "cc_bench_key";
const string Org = "org_bench";

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["CLUTCHCALL_DEV_API_KEY"] = Key,
    ["CLUTCHCALL_DEV_ORG"] = Org,
    ["Voice:RateLimit:CallsPerSecond"] = "100000",
    ["Voice:RateLimit:Burst"] = "100000",
});
builder.Services.AddClusterRuntime(builder.Configuration);
builder.Services.AddVoiceGateway(builder.Configuration);
builder.Services.AddGrain<IEchoCall, EchoCallGrain>();
var app = builder.Build();
app.MapVoiceGateway();
app.Map("/echo", EchoAsync);
await app.StartAsync();
var baseUri = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

Console.WriteLine($"{bridges} concurrent streams x {fps} fps, {frameBytes}-byte frames, {seconds} s each ({WarmupSeconds} s warm-up not counted), {Environment.ProcessorCount} CPUs");
var rows = new List<string>
{
    "| path | streams | offered frames/s | echoed frames/s | lost | p50 ms | p99 ms | process CPU (cores) | CPU us per offered frame |",
    "|---|---|---|---|---|---|---|---|---|",
};

// Baseline: raw WebSocket echo on the same Kestrel.
{
    var sockets = new List<ClientWebSocket>();
    for (var i = 0; i < bridges; i++)
    {
        var ws = new ClientWebSocket();
        await ws.ConnectAsync(new Uri(baseUri.ToString().Replace("http", "ws") + "echo"), CancellationToken.None);
        sockets.Add(ws);
    }
    var slot = new RecorderSlot();
    var receivers = sockets.Select(ws => Task.Run(() => ReceiveEchoAsync(ws, slot))).ToList();
    var recorder = await RunAsync(
        slot,
        async frame => await Task.WhenAll(sockets.Select(ws => ws.SendAsync(frame().AsMemory(), WebSocketMessageType.Binary, true, CancellationToken.None).AsTask())));
    rows.Add(Row("raw WebSocket echo (baseline)", recorder));
    foreach (var ws in sockets)
    {
        ws.Abort();
    }
    await Task.WhenAll(receivers);
    sockets.ForEach(ws => ws.Dispose());
}

// The bridge: SDK attach -> /moq -> grain channel bridge:attach -> echo grain -> uplink -> SDK.
{
    using var voice = new Voice(new VoiceOptions { BaseUrl = baseUri.ToString(), ApiKey = Key, OrgId = Org });
    var grains = app.Services.GetRequiredService<IGrainFactory>();
    var slot = new RecorderSlot();
    var open = new List<AudioBridge>();
    using var gate = new SemaphoreSlim(32);
    var attach = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, bridges).Select(async _ =>
    {
        await gate.WaitAsync();
        try
        {
            var sid = ClutchCall.Grains.Interfaces.CallSid.New();
            await grains.GetGrain<IEchoCall>(sid).AnswerAsync(Org);
            var bridge = await voice.AudioBridge.AttachAsync(sid, new AudioBridgeOptions { OnUplink = (f, _) => slot.Current?.Record(f.Span) });
            lock (open)
            {
                open.Add(bridge);
            }
        }
        finally
        {
            gate.Release();
        }
    }));
    Console.WriteLine($"attached {open.Count} bridges in {attach.Elapsed.TotalSeconds:F1} s");
    var recorder = await RunAsync(
        slot,
        frame =>
        {
            foreach (var b in open)
            {
                b.PublishDownlink(frame());
            }
            return Task.CompletedTask;
        });
    rows.Add(Row("SDK bridge -> gateway /moq -> grain channel -> back", recorder));
    await Task.WhenAll(open.Select(b => b.CloseAsync()));
}

Console.WriteLine();
rows.ForEach(Console.WriteLine);
await app.StopAsync();
return;

// Sends one frame per stream per tick; records only after the warm-up.
async Task<(LatencyRecorder Recorder, TimeSpan Cpu)> RunAsync(RecorderSlot slot, Func<Func<byte[]>, Task> sendToAll)
{
    var measured = new LatencyRecorder(bridges * fps * seconds * 2);
    var recorder = new LatencyRecorder(bridges * fps * WarmupSeconds * 2);
    slot.Current = recorder;
    byte[] NewFrame()
    {
        var f = new byte[frameBytes];
        LatencyRecorder.Stamp(f);
        recorder.CountSent();
        return f;
    }
    using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(1000.0 / fps));
    var start = Stopwatch.StartNew();
    var switched = false;
    var cpuAtSwitch = TimeSpan.Zero;
    while (start.Elapsed < TimeSpan.FromSeconds(WarmupSeconds + seconds) && await timer.WaitForNextTickAsync())
    {
        if (!switched && start.Elapsed >= TimeSpan.FromSeconds(WarmupSeconds))
        {
            switched = true;
            cpuAtSwitch = Process.GetCurrentProcess().TotalProcessorTime;
            recorder = measured;
            slot.Current = measured;
        }
        await sendToAll(NewFrame);
    }
    // Process CPU over the measured window only (both MoQT ends, Kestrel, the cluster and the load generator).
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtSwitch;
    await Task.Delay(500); // let the last frames come back
    slot.Current = null;
    return (measured, cpu);
}

string Row(string name, (LatencyRecorder Recorder, TimeSpan Cpu) run)
{
    var r = run.Recorder;
    var cores = run.Cpu.TotalSeconds / seconds;
    var perFrame = r.Sent == 0 ? 0 : run.Cpu.TotalMicroseconds / r.Sent;
    var (p50, p99) = r.Percentiles();
    var lost = r.Sent == 0 ? 0 : 1.0 - ((double)r.Received / r.Sent);
    return $"| {name} | {bridges} | {r.Sent / (double)seconds:F0} | {r.Received / (double)seconds:F0} | {lost:P2} | {p50 / 1000:F2} | {p99 / 1000:F2} | {cores:F2} | {perFrame:F1} |";
}

static async Task ReceiveEchoAsync(ClientWebSocket ws, RecorderSlot slot)
{
    var buffer = new byte[4096];
    try
    {
        while (true)
        {
            var result = await ws.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
            slot.Current?.Record(buffer.AsSpan(0, result.Count));
        }
    }
    catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
    {
        // Aborted at the end of the phase.
    }
}

static async Task EchoAsync(HttpContext context)
{
    if (!context.WebSockets.IsWebSocketRequest)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return;
    }
    using var ws = await context.WebSockets.AcceptWebSocketAsync();
    var buffer = new byte[4096];
    try
    {
        while (true)
        {
            var result = await ws.ReceiveAsync(buffer, context.RequestAborted);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
            await ws.SendAsync(buffer.AsMemory(0, result.Count), WebSocketMessageType.Binary, result.EndOfMessage, context.RequestAborted);
        }
    }
    catch (Exception e) when (e is WebSocketException or OperationCanceledException or ConnectionAbortedException)
    {
        // Client went away.
    }
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
