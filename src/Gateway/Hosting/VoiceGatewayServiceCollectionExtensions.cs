using ClutchCall.Gateway;
using ClutchCall.Gateway.Auth;
using ClutchCall.Gateway.Diagnostics;
using ClutchCall.Gateway.Media;
using ClutchCall.Gateway.RateLimiting;
using ClutchCall.Moqt.Audio;
using ClutchCall.Moqt.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

public static class VoiceGatewayServiceCollectionExtensions
{
    /// <summary>
    /// Registers the control-plane API: options (section "Voice"; CLUTCHCALL_DEV_API_KEY and CLUTCHCALL_DEV_ORG override
    /// the dev key and org), API keys, browser tokens, the per-org rate limiter and the MoQT audio bridge edge (stale voice
    /// frames dropped after VoiceTracks.DefaultDeliveryTimeout). Needs AddClusterRuntime for grain access and channels.
    /// </summary>
    public static IServiceCollection AddVoiceGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VoiceGatewayOptions>()
            .Bind(configuration.GetSection(VoiceGatewayOptions.Section))
            .PostConfigure(o =>
            {
                if (configuration["CLUTCHCALL_DEV_API_KEY"] is { Length: > 0 } key)
                {
                    o.DevApiKey = key;
                }
                if (configuration["CLUTCHCALL_DEV_ORG"] is { Length: > 0 } org)
                {
                    o.DevOrg = org;
                }
            })
            .Validate(o => o.RateLimit.CallsPerSecond > 0 && o.RateLimit.Burst >= 1, "Voice:RateLimit needs CallsPerSecond > 0 and Burst >= 1.")
            .Validate(o => o.ApiKeys.All(k => k.Sha256.Length == 64 && k.OrgId.Length > 0), "Voice:ApiKeys entries need a 64-hex Sha256 and an OrgId.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<DevApiKey>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<BrowserTokens>();
        services.AddSingleton<VoiceAuthenticator>();
        services.AddSingleton<OrgCallRateLimiter>();
        services.AddSingleton<BridgeMetrics>();
        services.AddSingleton<BridgeAuthorizer>();
        services.AddMoqt(o => o.DefaultDeliveryTimeout ??= VoiceTracks.DefaultDeliveryTimeout);
        services.AddHostedService<DevApiKeyAnnouncer>();
        return services;
    }
}

/// <summary>Prints a generated dev key once, on one line of stdout, so a script can pick it up.</summary>
internal sealed class DevApiKeyAnnouncer(DevApiKey devKey) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (devKey.Generated)
        {
            Console.Out.WriteLine($"ClutchCall dev API key for org {devKey.OrgId} (all scopes): {devKey.Secret}");
            Console.Out.Flush();
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
