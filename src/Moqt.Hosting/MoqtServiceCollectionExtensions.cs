using ClutchCall.Moqt.Session;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClutchCall.Moqt.Hosting;

/// <summary>
/// Registers what <see cref="MoqtEndpointRouteBuilderExtensions.MapMoqt"/> uses: options, metrics, a clock, the
/// session registry (<see cref="MoqtSessions"/>) and the GOAWAY drain when the host stops (<see cref="MoqtDrainOptions"/>).
/// </summary>
public static class MoqtServiceCollectionExtensions
{
    public static IServiceCollection AddMoqt(this IServiceCollection services, Action<MoqtSessionOptions>? configure = null)
    {
        services.AddOptions<MoqtSessionOptions>();
        if (configure is not null) services.Configure(configure);
        services.AddMetrics();
        services.TryAddSingleton<MoqtMetrics>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<MoqtDrainOptions>();
        services.TryAddSingleton<MoqtSessions>();
        services.AddHostedService<MoqtDrainOnStop>();
        return services;
    }
}
