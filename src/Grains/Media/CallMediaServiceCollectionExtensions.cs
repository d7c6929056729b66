using ClutchCall.Grains.Media;

namespace Microsoft.Extensions.DependencyInjection;

public static class CallMediaServiceCollectionExtensions
{
    /// <summary>The call grain's media: the simulated callee (section "Voice:SimulatedTrunk") and its speech clip.</summary>
    public static IServiceCollection AddCallMedia(this IServiceCollection services)
    {
        services.AddOptions<SimulatedCalleeOptions>().BindConfiguration(SimulatedCalleeOptions.Section);
        services.AddSingleton<SpeechClipSource>();
        services.AddSingleton<CallMedia>();
        return services;
    }
}
