using ClutchCall.Runtime.Diagnostics;
using ClutchCall.Runtime.Membership;
using ClutchCall.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClutchCall.Runtime.Activation;

/// <summary>What every activation on this silo shares.</summary>
internal sealed class ActivationHost(
    IClusterStore store,
    LocalSilo local,
    TimeProvider time,
    IOptions<ActivationOptions> options,
    IGrainFactory grainFactory,
    RuntimeMetrics metrics,
    IServiceProvider services,
    ILoggerFactory loggers)
{
    private Catalog? _catalog;

    public IClusterStore Store { get; } = store;
    public LocalSilo Local { get; } = local;
    public TimeProvider Time { get; } = time;
    public ActivationOptions Options { get; } = options.Value;
    public IGrainFactory GrainFactory { get; } = grainFactory;
    public RuntimeMetrics Metrics { get; } = metrics;
    public ILogger ActivationLogger { get; } = loggers.CreateLogger("ClutchCall.Runtime.Activation");

    // Resolved lazily: the catalog itself depends on this host.
    public Catalog Catalog => _catalog ??= services.GetRequiredService<Catalog>();

    public Grain CreateGrain(Type implementation) => (Grain)ActivatorUtilities.CreateInstance(services, implementation);
}
