using System.Net;
using System.Net.Http.Headers;
using ClutchCall.Gateway.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Testing;

/// <summary>
/// The embedded default in-process: Kestrel on 127.0.0.1 (free port) + in-memory cluster runtime + call grains + gateway.
/// Shared by the gateway and SDK tests (linked source).
/// </summary>
public sealed class VoiceTestHost : IAsyncDisposable
{
    public const string DevOrg = "org_dev";
    public const string DevKey = "cc_test_dev_key_all_scopes";
    public const string OtherOrg = "org_other";
    public const string OtherOrgKey = "cc_test_other_org_key";
    public const string CallsOnlyKey = "cc_test_calls_only_key";
    public const string NoScopeKey = "cc_test_no_scope_key";

    private readonly WebApplication _app;

    private VoiceTestHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="hostGrains">False for a pure gateway (Cluster:Role=client) in front of separate silos.</param>
    public static async Task<VoiceTestHost> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool hostGrains = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var config = new Dictionary<string, string?>
        {
            ["CLUTCHCALL_DEV_API_KEY"] = DevKey,
            ["CLUTCHCALL_DEV_ORG"] = DevOrg,
            ["Voice:ApiKeys:0:Sha256"] = ApiKeyHasher.Hash(OtherOrgKey),
            ["Voice:ApiKeys:0:OrgId"] = OtherOrg,
            ["Voice:ApiKeys:0:Scopes:0"] = VoiceScopes.Calls,
            ["Voice:ApiKeys:0:Scopes:1"] = VoiceScopes.Agents,
            ["Voice:ApiKeys:0:Scopes:2"] = VoiceScopes.Admin,
            ["Voice:ApiKeys:1:Sha256"] = ApiKeyHasher.Hash(CallsOnlyKey),
            ["Voice:ApiKeys:1:OrgId"] = DevOrg,
            ["Voice:ApiKeys:1:Scopes:0"] = VoiceScopes.Calls,
            ["Voice:ApiKeys:2:Sha256"] = ApiKeyHasher.Hash(NoScopeKey),
            ["Voice:ApiKeys:2:OrgId"] = DevOrg,
            ["Voice:RateLimit:CallsPerSecond"] = "1000",
            ["Voice:RateLimit:Burst"] = "1000",
            ["Voice:SseHeartbeat"] = "00:00:01",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }
        builder.Configuration.AddInMemoryCollection(config);
        builder.Services.AddClusterRuntime(builder.Configuration);
        if (hostGrains)
        {
            builder.Services.AddCallGrains();
        }
        builder.Services.AddVoiceGateway(builder.Configuration);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapVoiceGateway();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new VoiceTestHost(app, new Uri(address));
    }

    public HttpClient Client(string? apiKey = DevKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
