using ClutchCall.Grains;
using ClutchCall.Grains.Call;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Runtime;

namespace Microsoft.Extensions.DependencyInjection;

public static class CallGrainsServiceCollectionExtensions
{
    /// <summary>Registers the call grain, its catalog (section "Voice:Catalog") and the simulated trunk. Needs AddClusterRuntime.</summary>
    public static IServiceCollection AddCallGrains(this IServiceCollection services)
    {
        services.AddOptions<CallCatalogOptions>().BindConfiguration(CallCatalogOptions.Section);
        services.AddSingleton<CallCatalog>();
        services.AddCallMedia();
        services.AddGrain<ICallGrain, CallGrain>();
        return services;
    }
}
