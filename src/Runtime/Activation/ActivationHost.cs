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
    RuntimeTracing tracing,
    CallChain chain,
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
    public RuntimeTracing Tracing { get; } = tracing;
    public CallChain Chain { get; } = chain;

    /// <summary>Turns longer than this are logged: they hold up every other message of the grain.</summary>
    public static readonly TimeSpan SlowTurn = TimeSpan.FromSeconds(1);
    public ILogger ActivationLogger { get; } = loggers.CreateLogger("ClutchCall.Runtime.Activation");

    // Resolved lazily: the catalog itself depends on this host.
    public Catalog Catalog => _catalog ??= services.GetRequiredService<Catalog>();

    public Grain CreateGrain(Type implementation) => (Grain)ActivatorUtilities.CreateInstance(services, implementation);
}
