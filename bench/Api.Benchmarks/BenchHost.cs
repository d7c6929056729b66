using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Api.Benchmarks;

/// <summary>
/// The embedded engine on loopback Kestrel, plus a bare endpoint on the same server that returns a call-sized JSON
/// object without auth or grains: the baseline that shows what the API itself costs.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    public const string Key = "cc_bench_key";
    public const string Org = "org_bench";

    private readonly WebApplication _app;

    private BenchHost(WebApplication app, HttpClient client) => (_app, Client) = (app, client);

    public HttpClient Client { get; }

    public static async Task<BenchHost> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CLUTCHCALL_DEV_API_KEY"] = Key,
            ["CLUTCHCALL_DEV_ORG"] = Org,
            ["Voice:RateLimit:CallsPerSecond"] = "1000000",
            ["Voice:RateLimit:Burst"] = "1000000",
        });
        builder.Services.AddClusterRuntime(builder.Configuration);
        builder.Services.AddCallGrains();
        builder.Services.AddVoiceGateway(builder.Configuration);
        var app = builder.Build();
        app.MapVoiceGateway();
        var bare = new BareCall("CA00000000000000000000000000000000", Org, "outbound", "in_progress", "+15551234567", "+15558675309", "trunk_sim", 30, DateTimeOffset.UtcNow);
        app.MapGet("/bare/{sid}", (string sid) => Results.Json(bare with { Sid = sid }));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        var client = new HttpClient(handler) { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        return new BenchHost(app, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record BareCall(string Sid, string OrgId, string Direction, string Status, string To, string From, string TrunkId, int RingTimeoutSec, DateTimeOffset StartedAt);
}
