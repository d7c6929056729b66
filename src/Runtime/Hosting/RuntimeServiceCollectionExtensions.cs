using ClutchCall.Runtime;
using ClutchCall.Runtime.Activation;
using ClutchCall.Runtime.Diagnostics;
using ClutchCall.Runtime.Membership;
using ClutchCall.Runtime.Messaging;
using ClutchCall.Runtime.Storage;
using ClutchCall.Runtime.Storage.InMemory;
using ClutchCall.Runtime.Storage.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class RuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the actor runtime. Section "Cluster" configures it: an empty Cluster:Redis selects the in-memory
    /// store (one silo, no Redis); Cluster:Role is "silo" (hosts grains) or "client" (routes only).
    /// </summary>
    public static IServiceCollection AddClusterRuntime(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(ClusterOptions.Section);
        services.Configure<ClusterOptions>(section);
        services.Configure<MembershipOptions>(section.GetSection("Membership"));
        services.Configure<ActivationOptions>(section.GetSection("Activation"));
        services.Configure<MessagingOptions>(section.GetSection("Messaging"));
        services.AddSingleton<IValidateOptions<ClusterOptions>, ClusterOptionsValidator>();
        services.AddSingleton<IValidateOptions<MembershipOptions>, MembershipOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();

        services.AddSingleton<IClusterStore>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ClusterOptions>>().Value;
            return string.IsNullOrWhiteSpace(o.Redis)
                ? new InMemoryClusterStore(sp.GetRequiredService<TimeProvider>())
                : new RedisClusterStore(o.Redis, o.ServiceId);
        });
        services.AddSingleton<IMembershipStore>(sp => sp.GetRequiredService<IClusterStore>());
        services.AddSingleton<IOwnershipStore>(sp => sp.GetRequiredService<IClusterStore>());
        services.AddSingleton<IReminderStore>(sp => sp.GetRequiredService<IClusterStore>());
        services.AddSingleton<IEventLog>(sp => sp.GetRequiredService<IClusterStore>());
        services.AddSingleton<IGrainIndex>(sp => sp.GetRequiredService<IClusterStore>());
        services.AddSingleton<IGrainStateReader, ClutchCall.Runtime.Hosting.GrainStateReader>();

        services.AddSingleton<LocalSilo>();
        services.AddSingleton<MembershipView>();
        services.AddSingleton<IClusterHealth, ClutchCall.Runtime.Hosting.ClusterHealth>();
        services.AddSingleton<RuntimeMetrics>();
        services.AddSingleton<RuntimeTracing>();
        services.AddSingleton<CallChain>();
        services.AddSingleton<GrainLocator>();
        services.AddSingleton<SiloConnectionPool>();
        services.AddSingleton<MessageRouter>();
        services.AddSingleton<IGrainFactory, GrainFactory>();
        services.AddSingleton<IGrainChannelFactory, ClutchCall.Runtime.Channels.GrainChannelFactory>();

        var role = section.GetValue<ClusterRole?>(nameof(ClusterOptions.Role)) ?? ClusterRole.Silo;
        if (role == ClusterRole.Silo)
        {
            services.AddSingleton<GrainTypeRegistry>();
            services.AddSingleton<ActivationHost>();
            services.AddSingleton<Catalog>();
            services.AddSingleton<IGrainRequestHandler>(sp => sp.GetRequiredService<Catalog>());
            services.AddSingleton<SiloListener>();
            services.AddHostedService<ActivationCollector>();
            services.AddHostedService<ReminderService>();
        }
        // Registered last so it stops first: a leaving silo hands its grains off before anything else shuts down.
        services.AddHostedService<MembershipService>();
        return services;
    }

    /// <summary>Registers a grain class for its interface; the silo creates instances with constructor injection.</summary>
    public static IServiceCollection AddGrain<TInterface, TGrain>(this IServiceCollection services)
        where TInterface : ClutchCall.Runtime.IGrainWithStringKey
        where TGrain : ClutchCall.Runtime.Grain, TInterface
    {
        services.AddSingleton(new GrainRegistration(typeof(TInterface), typeof(TGrain)));
        return services;
    }
}
