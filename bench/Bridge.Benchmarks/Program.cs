using System.Diagnostics;
using System.Net.WebSockets;
using ClutchCall.Bridge.Benchmarks;
using ClutchCall.Sdk;

// Audio bridge load run: N concurrent bridges at F frames/s each, SDK bridge -> gateway MoQT edge -> grain channel
// -> echo -> back, beside a raw WebSocket echo (same Kestrel, same N, same rate, same frame size) in the same run.
// By default the gateway + cluster run in a child process (this program with --serve) and this process is only the
// load generator, so the server's CPU is measured apart from the clients'. --process single puts both in one process.
// Usage: dotnet run -c Release --project bench/Bridge.Benchmarks -- [--bridges 500] [--fps 50] [--seconds 20] [--warmup 10] [--frame 80] [--process separate|single] [--inline-sockets]
var inlineSockets = args.Contains("--inline-sockets");
if (args.Contains("--serve"))
{
    return await BenchServer.ServeUntilStdinClosesAsync(inlineSockets);
}

var bridges = Arg("--bridges", 500);
var fps = Arg("--fps", 50);
var seconds = Arg("--seconds", 20);
var frameBytes = Arg("--frame", 80);
var separate = ArgText("--process", "separate") != "single";
// Long enough for tiered compilation to settle on a loaded 2-vCPU machine (with 3 s the JIT still took ~16 % of the
// server's CPU inside the measured window).
var warmupSeconds = Arg("--warmup", 10);

Process? server = null;
Microsoft.AspNetCore.Builder.WebApplication? app = null;
Uri baseUri;
if (separate)
{
    (server, baseUri) = await BenchServer.SpawnAsync(inlineSockets);
}
else
{
    (app, baseUri) = await BenchServer.StartAsync(inlineSockets);
}
var serverCpu = () =>
{
    if (server is null)
    {
        return TimeSpan.Zero;
    }
    server.Refresh();
    return server.TotalProcessorTime;
};

Console.WriteLine($"{bridges} concurrent streams x {fps} fps, {frameBytes}-byte frames, {seconds} s each ({warmupSeconds} s warm-up not counted), "
    + $"{Environment.ProcessorCount} CPUs, server {(separate ? "in a child process" : "in this process")}{(inlineSockets ? " (Kestrel inline scheduling)" : "")}, load average at start {LoadAverage()}");
var rows = new List<string>
{
    separate
        ? "| path | streams | offered frames/s | echoed frames/s | lost | p50 ms | p99 ms | server CPU (cores) | server CPU us/frame | load generator CPU (cores) | load avg (1 min) after |"
        : "| path | streams | offered frames/s | echoed frames/s | lost | p50 ms | p99 ms | process CPU (cores) | CPU us/frame | - | load avg (1 min) after |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
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
    var run = await RunAsync(
        slot,
        async frame => await Task.WhenAll(sockets.Select(ws => ws.SendAsync(frame().AsMemory(), WebSocketMessageType.Binary, true, CancellationToken.None).AsTask())));
    rows.Add(Row("raw WebSocket echo (baseline)", run));
    foreach (var ws in sockets)
    {
        ws.Abort();
    }
    await Task.WhenAll(receivers);
    sockets.ForEach(ws => ws.Dispose());
}

// The bridge: SDK attach -> /moq -> grain channel bridge:attach -> echo grain -> uplink -> SDK.
{
    using var voice = new Voice(new VoiceOptions { BaseUrl = baseUri.ToString(), ApiKey = BenchServer.Key, OrgId = BenchServer.Org });
    using var http = new HttpClient { BaseAddress = baseUri };
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
            (await http.PostAsync($"bench/answer/{sid}", null)).EnsureSuccessStatusCode();
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
    // PublishDownlink writes to the socket on the caller's thread when the link is free, so one thread publishing for
    // 1000 bridges would make 1000 sends in a row each tick: spread the bridges over one worker per core, and do not
    // hold the next tick for them (each frame is stamped when its worker builds it).
    var slices = open.Chunk((open.Count + Environment.ProcessorCount - 1) / Environment.ProcessorCount).ToArray();
    var run = await RunAsync(
        slot,
        frame =>
        {
            foreach (var slice in slices)
            {
                ThreadPool.UnsafeQueueUserWorkItem(
                    s =>
                    {
                        foreach (var b in s)
                        {
                            b.PublishDownlink(frame());
                        }
                    },
                    slice,
                    preferLocal: false);
            }
            return Task.CompletedTask;
        });
    rows.Add(Row("SDK bridge -> gateway /moq -> grain channel -> back", run));
    await Task.WhenAll(open.Select(b => b.CloseAsync()));
}

Console.WriteLine();
rows.ForEach(Console.WriteLine);
if (server is not null)
{
    server.StandardInput.Close();
    if (!server.WaitForExit(TimeSpan.FromSeconds(10)))
    {
        server.Kill();
    }
}
if (app is not null)
{
    await app.StopAsync();
}
return 0;

// Sends one frame per stream per tick; records only after the warm-up.
async Task<RunResult> RunAsync(RecorderSlot slot, Func<Func<byte[]>, Task> sendToAll)
{
    var measured = new LatencyRecorder(bridges * fps * seconds * 2);
    var recorder = new LatencyRecorder(bridges * fps * warmupSeconds * 2);
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
    var selfAtSwitch = TimeSpan.Zero;
    var serverAtSwitch = TimeSpan.Zero;
    while (start.Elapsed < TimeSpan.FromSeconds(warmupSeconds + seconds) && await timer.WaitForNextTickAsync())
    {
        if (!switched && start.Elapsed >= TimeSpan.FromSeconds(warmupSeconds))
        {
            switched = true;
            selfAtSwitch = Process.GetCurrentProcess().TotalProcessorTime;
            serverAtSwitch = serverCpu();
            recorder = measured;
            slot.Current = measured;
        }
        await sendToAll(NewFrame);
    }
    // CPU over the measured window only.
    var self = Process.GetCurrentProcess().TotalProcessorTime - selfAtSwitch;
    var srv = serverCpu() - serverAtSwitch;
    await Task.Delay(500); // let the last frames come back
    slot.Current = null;
    return new RunResult(measured, separate ? srv : self, separate ? self : TimeSpan.Zero);
}

string Row(string name, RunResult run)
{
    var r = run.Recorder;
    var cores = run.ServerCpu.TotalSeconds / seconds;
    var perFrame = r.Sent == 0 ? 0 : run.ServerCpu.TotalMicroseconds / r.Sent;
    var (p50, p99) = r.Percentiles();
    var lost = r.Sent == 0 ? 0 : 1.0 - ((double)r.Received / r.Sent);
    var client = separate ? (run.ClientCpu.TotalSeconds / seconds).ToString("F2") : "-";
    return $"| {name} | {bridges} | {r.Sent / (double)seconds:F0} | {r.Received / (double)seconds:F0} | {lost:P2} | {p50 / 1000:F2} | {p99 / 1000:F2} | {cores:F2} | {perFrame:F1} | {client} | {LoadAverage()} |";
}

static string LoadAverage()
{
    try
    {
        return File.ReadAllText("/proc/loadavg").Split(' ')[0];
    }
    catch (IOException)
    {
        return "?";
    }
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

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}

string ArgText(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

internal sealed record RunResult(LatencyRecorder Recorder, TimeSpan ServerCpu, TimeSpan ClientCpu);
