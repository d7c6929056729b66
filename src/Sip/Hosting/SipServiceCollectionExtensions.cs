using ClutchCall.Sip.Hosting;
using ClutchCall.Sip.UserAgent;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class SipServiceCollectionExtensions
{
    /// <summary>Registers a validated <see cref="SipUserAgent"/> singleton that starts and stops with the host.</summary>
    public static IServiceCollection AddSipUserAgent(this IServiceCollection services, Action<SipUserAgentOptions> configure)
    {
        services.AddOptions<SipUserAgentOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SipUserAgentOptions>, SipUserAgentOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<SipUserAgent>();
        services.AddHostedService<SipUserAgentHostedService>();
        return services;
    }
}
