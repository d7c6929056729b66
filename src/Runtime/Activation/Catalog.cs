using ClutchCall.Runtime.Membership;
using ClutchCall.Runtime.Messaging;
using ClutchCall.Runtime.Placement;
using ClutchCall.Runtime.Storage;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Runtime.Activation;

/// <summary>
/// The silo's table of activations. It creates at most one activation per grain in this process, and makes a
/// new activation wait until the previous one of the same grain has released ownership.
/// </summary>
internal sealed partial class Catalog(ActivationHost host, GrainTypeRegistry registry, ILogger<Catalog> log) : IGrainRequestHandler
{
    private readonly object _gate = new();
    private readonly Dictionary<GrainId, Activation> _active = [];
    private readonly Dictionary<GrainId, Activation> _leaving = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _active.Count;
            }
        }
    }

    public Task<GrainResponse> HandleAsync(GrainRequest request)
    {
        if (!host.Local.IsServing)
        {
            return Task.FromResult(GrainResponse.Of(ResponseStatus.Unavailable));
        }
        if (!registry.TryGet(request.Grain.Type, out var grainClass))
        {
            return Task.FromResult(GrainResponse.Of(ResponseStatus.BadRequest));
        }
        if (Diagnostics.CallChain.Contains(request.CallChain, request.Grain))
        {
            // The grain's own turn is waiting on this call; queueing it would wait forever.
            var error = new ErrorPayload("ReentrantCall",
                $"{request.Grain} is waiting on this call already (call chain: {request.CallChain!.Replace("\n", " -> ")}); grains are not reentrant.");
            return Task.FromResult(new GrainResponse(ResponseStatus.BadRequest, 0, null,
                System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(error, GrainJson.Options)));
        }
        return GetOrCreate(request.Grain, grainClass).EnqueueAsync(request);
    }

    public Task<GrainResponse> OpenChannelAsync(GrainRequest open, Channels.ChannelEnd grainSide)
    {
        if (!host.Local.IsServing)
        {
            return Task.FromResult(GrainResponse.Of(ResponseStatus.Unavailable));
        }
        if (!registry.TryGet(open.Grain.Type, out var grainClass))
        {
            return Task.FromResult(GrainResponse.Of(ResponseStatus.BadRequest));
        }
        return GetOrCreate(open.Grain, grainClass).EnqueueChannelAsync(open, grainSide);
    }

    /// <summary>Makes sure the grain is active here (or learns who owns it).</summary>
    public Task<GrainResponse> EnsureActiveAsync(GrainId grain) =>
        registry.TryGet(grain.Type, out var grainClass)
            ? GetOrCreate(grain, grainClass).EnqueueAsync(null)
            : Task.FromResult(GrainResponse.Of(ResponseStatus.BadRequest));

    private Activation GetOrCreate(GrainId grain, GrainClass grainClass)
    {
        Activation activation;
        lock (_gate)
        {
            if (_active.TryGetValue(grain, out var existing))
            {
                return existing;
            }
            _leaving.TryGetValue(grain, out var previous);
            activation = new Activation(grain, grainClass, host, previous?.Completion);
            _active[grain] = activation;
        }
        activation.Start();
        return activation;
    }

    /// <summary>Called by an activation as it starts to leave: new requests get a new activation, which waits for this one.</summary>
    public void Remove(Activation activation)
    {
        lock (_gate)
        {
            if (_active.TryGetValue(activation.Id, out var current) && current == activation)
            {
                _active.Remove(activation.Id);
            }
            if (activation.Status == ActivationStatus.Done)
            {
                if (_leaving.TryGetValue(activation.Id, out var leaving) && leaving == activation)
                {
                    _leaving.Remove(activation.Id);
                }
            }
            else
            {
                _leaving[activation.Id] = activation;
            }
        }
    }

    public Activation[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _active.Values];
        }
    }

    /// <summary>Asks every activation to leave and waits for them, but never longer than the lifecycle timeout:
    /// a silo that must stop does stop, even with a grain stuck in a turn.</summary>
    public async Task DeactivateAllAsync(DeactivationReason reason)
    {
        var all = Snapshot();
        foreach (var activation in all)
        {
            activation.RequestDeactivation(reason);
        }
        try
        {
            await Task.WhenAll(all.Select(a => a.Completion)).WaitAsync(host.Options.LifecycleTimeout + TimeSpan.FromSeconds(5), host.Time);
        }
        catch (TimeoutException)
        {
            LogDeactivationTimedOut(all.Count(a => !a.Completion.IsCompleted), reason);
        }
    }

    /// <summary>Re-activates, on this silo, the orphaned grains whose rendezvous owner it now is.</summary>
    public async Task ActivateOrphansAsync(MembershipSnapshot view)
    {
        var orphans = await host.Store.ReadOrphansAsync();
        var mine = orphans
            .Where(g => registry.TryGet(g.Type, out _) && RendezvousPlacement.Pick(g, view.Active)?.Id == host.Local.Id)
            .ToArray();
        if (mine.Length == 0)
        {
            return;
        }
        var started = host.Time.GetTimestamp();
        await Parallel.ForEachAsync(mine, new ParallelOptions { MaxDegreeOfParallelism = host.Options.FailoverConcurrency },
            async (grain, _) => await EnsureActiveAsync(grain));
        LogOrphansActivated(mine.Length, host.Time.GetElapsedTime(started).TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} activations did not finish deactivating ({Reason}) in time; going on without them")]
    private partial void LogDeactivationTimedOut(int count, DeactivationReason reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-activated {Count} orphaned grains in {Milliseconds:F0} ms")]
    private partial void LogOrphansActivated(int count, double milliseconds);
}
