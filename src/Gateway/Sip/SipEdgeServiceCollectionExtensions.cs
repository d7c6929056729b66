using ClutchCall.Gateway.Sip;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class SipEdgeServiceCollectionExtensions
{
    /// <summary>The configuration section of the SIP user agent: "Sip" (BindAddress, UdpPort, Trunks, ...); the edge's own is "Sip:Edge".</summary>
    public const string SipSection = "Sip";

    /// <summary>
    /// Registers the SIP edge when the configuration names SIP trunks ("Sip:Trunks") or sets "Sip:Enabled" (trunks from
    /// the registry only): the user agent (section "Sip", validated on start), the edge that dials and answers through it,
    /// its metrics, and the sync of registry trunks into the user agent. Otherwise it adds nothing,
    /// so an engine with only the simulated trunk opens no SIP port. Needs AddClusterRuntime for grain calls and channels.
    /// </summary>
    public static IServiceCollection AddSipEdge(this IServiceCollection services, IConfiguration configuration)
    {
        var sip = configuration.GetSection(SipSection);
        if (!sip.GetSection("Trunks").Exists() && !sip.GetValue<bool>("Enabled"))
        {
            return services;
        }
        services.AddSipUserAgent(o => sip.Bind(o));
        services.AddOptions<SipEdgeOptions>().Bind(configuration.GetSection(SipEdgeOptions.Section));
        services.TryAddSingleton<SipEdgeMetrics>();
        services.TryAddSingleton<SipEdge>();
        services.AddHostedService(sp => sp.GetRequiredService<SipEdge>());
        // Trunks of the registry (PUT /trunks) reach the user agent without a restart.
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ClutchCall.Grains.Interfaces.TrunkDirectory>();
        services.AddHostedService<ClutchCall.Gateway.Trunks.SipTrunkSync>();
        return services;
    }

    /// <summary>The ids under "Sip:Trunks", for the call catalog of silos that take calls on them.</summary>
    public static IReadOnlyList<string> SipTrunkIds(this IConfiguration configuration) =>
        [.. configuration.GetSection(SipSection).GetSection("Trunks").GetChildren().Select(t => t["Id"]).OfType<string>()];
}
