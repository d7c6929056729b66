using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using ClutchCall.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Bridge.Benchmarks;

/// <summary>
/// The server side of the run: Kestrel with the embedded gateway (MoQT edge at /moq) and an in-memory cluster whose
/// "call" grains echo bridge frames, plus a raw WebSocket echo at /echo (the baseline) and /bench/answer/{sid} so a
/// load generator in another process can make a call live.
/// </summary>
internal static class BenchServer
{
    public const string Key = "cc_bench_key";
    public const string Org = "org_bench";

    /// <param name="inlineSockets">
    /// Kestrel's <c>UnsafePreferInlineScheduling</c>: socket completions and writes run on the I/O thread instead of
    /// hopping through Kestrel's IOQueue (an experiment for the gateway's host configuration; off by default).
    /// </param>
    public static async Task<(WebApplication App, Uri BaseUri)> StartAsync(bool inlineSockets = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        if (inlineSockets)
        {
            builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
        }
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
        app.MapPost("/bench/answer/{sid}", async (string sid, IGrainFactory grains) =>
        {
            await grains.GetGrain<IEchoCall>(sid).AnswerAsync(Org);
            return Results.NoContent();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return (app, new Uri(address));
    }

    /// <summary>Child-process mode: serve until stdin closes (the parent exits or closes it).</summary>
    public static async Task<int> ServeUntilStdinClosesAsync(bool inlineSockets)
    {
        var (app, baseUri) = await StartAsync(inlineSockets);
        Console.WriteLine("LISTENING " + baseUri);
        Console.Out.Flush();
        await Task.Run(() =>
        {
            while (Console.In.ReadLine() is not null)
            {
            }
        });
        await app.StopAsync();
        return 0;
    }

    /// <summary>Starts this program again as the server process; returns it once it listens.</summary>
    public static async Task<(Process Process, Uri BaseUri)> SpawnAsync(bool inlineSockets)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(BenchServer).Assembly.Location);
        }
        info.ArgumentList.Add("--serve");
        if (inlineSockets)
        {
            info.ArgumentList.Add("--inline-sockets");
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the server process");
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("LISTENING ", StringComparison.Ordinal))
            {
                return (process, new Uri(line["LISTENING ".Length..]));
            }
        }
        throw new InvalidOperationException("the server process exited before listening");
    }

    private static async Task EchoAsync(HttpContext context)
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
}
