using ClutchCall.Runtime;
using ClutchCall.Runtime.Hosting;
using ClutchCall.Runtime.Membership;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ClutchCall.Silo;

public static class EngineHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:8080");
        }
        builder.Services.AddClusterRuntime(builder.Configuration);
        builder.Services.AddHostedService<ParentProcessWatcher>();
        builder.Services.AddEngineTelemetry(builder.Configuration);
        EngineModules.AddServices(builder.Services, builder.Configuration);

        var app = builder.Build();
        app.MapHealthEndpoints();
        EngineModules.MapEndpoints(app);
        return app;
    }

    /// <summary>One line that scripts and test fixtures wait for.</summary>
    public static void AnnounceStarted(WebApplication app)
    {
        var local = app.Services.GetRequiredService<LocalSilo>();
        // The bound addresses, not the configured ones: port 0 becomes the port the OS picked.
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var urls = string.Join(",", bound is { Count: > 0 } ? bound : app.Urls);
        Console.WriteLine($"#### STARTED {local.Id ?? "client"} {local.Endpoint ?? "-"} {urls}");
    }

    private static void MapHealthEndpoints(this WebApplication app)
    {
        // Liveness: the process answers. Readiness: it has joined the cluster (a silo) or sees a live silo (a gateway).
        app.MapGet("/healthz/live", () => Results.Ok(new { status = "live" }));
        app.MapGet("/healthz/ready", (IClusterHealth health) => health.IsJoined
            ? Results.Ok(new { status = "ready", silo = health.SiloId })
            : Results.Json(new { status = "not_ready", silo = health.SiloId }, statusCode: StatusCodes.Status503ServiceUnavailable));
    }
}
