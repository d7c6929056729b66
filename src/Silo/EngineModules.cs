using ClutchCall.Runtime;

namespace ClutchCall.Silo;

/// <summary>The product modules this executable hosts: call grains (on silos) and the HTTP edge (everywhere).</summary>
internal static class EngineModules
{
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        var role = configuration.GetSection(ClusterOptions.Section).GetValue<ClusterRole?>(nameof(ClusterOptions.Role)) ?? ClusterRole.Silo;
        if (role == ClusterRole.Silo)
        {
            services.AddCallGrains();
            // Calls may name the SIP trunks of "Sip:Trunks" (every member shares that configuration).
            var sipTrunks = configuration.SipTrunkIds();
            services.PostConfigure<ClutchCall.Grains.CallCatalogOptions>(o => o.SipTrunks.AddRange(sipTrunks.Except(o.SipTrunks)));
        }
        services.AddVoiceGateway(configuration);
        services.AddSipEdge(configuration);
    }

    public static void MapEndpoints(WebApplication app) => app.MapVoiceGateway();
}
