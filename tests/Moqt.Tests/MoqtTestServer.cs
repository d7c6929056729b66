using System.Net;
using ClutchCall.Moqt.Hosting;
using ClutchCall.Moqt.Session;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Moqt.Tests;

/// <summary>An in-process Kestrel server on a free loopback port serving MoQT at /moq.</summary>
internal sealed class MoqtTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MoqtTestServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public Uri MoqUri => new(BaseUri, "/moq");

    public IServiceProvider Services => _app.Services;

    public static Task<MoqtTestServer> StartAsync(Func<MoqtSession, Task> handler, Func<MoqtSession, HttpContext, ValueTask>? onSetup = null) =>
        StartAsync((session, _) => handler(session), onSetup);

    public static async Task<MoqtTestServer> StartAsync(Func<MoqtSession, HttpContext, Task> handler, Func<MoqtSession, HttpContext, ValueTask>? onSetup = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();

        // Tests write bursts of frames; keep every one of them queued rather than dropped as stale.
        builder.Services.AddMoqt(o => o.SubscriberQueueCapacity = 64);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        WebApplication app = builder.Build();
        app.UseWebSockets();
        app.MapMoqt("/moq", handler, onSetup);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new MoqtTestServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
