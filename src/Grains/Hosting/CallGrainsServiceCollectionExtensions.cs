using ClutchCall.Agents.Diagnostics;
using ClutchCall.Grains;
using ClutchCall.Grains.Agents;
using ClutchCall.Grains.Call;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Grains.Trunks;
using ClutchCall.Runtime;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class CallGrainsServiceCollectionExtensions
{
    /// <summary>Registers the call grain, its catalog (section "Voice:Catalog", plus the trunk registry) and the simulated trunk. Needs AddClusterRuntime.</summary>
    public static IServiceCollection AddCallGrains(this IServiceCollection services)
    {
        services.AddOptions<CallCatalogOptions>().BindConfiguration(CallCatalogOptions.Section);
        services.AddSingleton<CallCatalog>();
        services.TryAddSingleton<TrunkDirectory>();
        services.AddHostedService<TrunkDirectoryStarter>();
        services.AddCallMedia();
        services.AddOptions<AgentOptions>().BindConfiguration(AgentOptions.Section);
        services.AddHttpClient();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AgentSessionFactory>();
        services.AddSingleton<TurnMetrics>();
        services.AddSingleton<AgentMetrics>();
        services.AddSingleton<AgentRuns>();
        services.AddGrain<ICallGrain, CallGrain>();
        services.AddGrain<IAgentRegistryGrain, AgentRegistryGrain>();
        services.AddGrain<ITrunkRegistryGrain, TrunkRegistryGrain>();
        return services;
    }
}
