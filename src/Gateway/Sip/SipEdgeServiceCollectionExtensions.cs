using ClutchCall.Gateway.Sip;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class SipEdgeServiceCollectionExtensions
{
    /// <summary>The configuration section of the SIP user agent: "Sip" (BindAddress, UdpPort, Trunks, ...); the edge's own is "Sip:Edge".</summary>
    public const string SipSection = "Sip";

    /// <summary>
    /// Registers the SIP edge when the configuration names SIP trunks ("Sip:Trunks"): the user agent (section "Sip",
    /// validated on start), the edge that dials and answers through it, and its metrics. Without trunks it adds nothing,
    /// so an engine with only the simulated trunk opens no SIP port. Needs AddClusterRuntime for grain calls and channels.
    /// </summary>
    public static IServiceCollection AddSipEdge(this IServiceCollection services, IConfiguration configuration)
    {
        var sip = configuration.GetSection(SipSection);
        if (!sip.GetSection("Trunks").Exists())
        {
            return services;
        }
        services.AddSipUserAgent(o => sip.Bind(o));
        services.AddOptions<SipEdgeOptions>().Bind(configuration.GetSection(SipEdgeOptions.Section));
        services.TryAddSingleton<SipEdgeMetrics>();
        services.TryAddSingleton<SipEdge>();
        services.AddHostedService(sp => sp.GetRequiredService<SipEdge>());
        return services;
    }

    /// <summary>The ids under "Sip:Trunks", for the call catalog of silos that take calls on them.</summary>
    public static IReadOnlyList<string> SipTrunkIds(this IConfiguration configuration) =>
        [.. configuration.GetSection(SipSection).GetSection("Trunks").GetChildren().Select(t => t["Id"]).OfType<string>()];
}
