namespace ClutchCall.Runtime;

/// <summary>What a grain knows about its own activation.</summary>
public sealed class GrainContext
{
    internal GrainContext(GrainId id, long epoch, string siloId, IGrainFactory grainFactory, TimeProvider time)
    {
        Id = id;
        Epoch = epoch;
        SiloId = siloId;
        GrainFactory = grainFactory;
        Time = time;
    }

    public GrainId Id { get; }

    /// <summary>The fencing token of this activation: strictly greater than any earlier owner's.</summary>
    public long Epoch { get; }

    public string SiloId { get; }

    public IGrainFactory GrainFactory { get; }

    public TimeProvider Time { get; }
}

/// <summary>The services an activation offers its grain; implemented by the runtime.</summary>
internal interface IActivationServices
{
    GrainContext Context { get; }
    long StateVersion { get; }
    Task WriteStateAsync(object state, IReadOnlyList<GrainEvent> events, IReadOnlyList<IndexEntry> index);
    Task ClearStateAsync();
    IDisposable RegisterTimer(Func<Task> callback, TimeSpan dueTime, TimeSpan period);
    Task SetReminderAsync(string name, TimeSpan dueIn);
    Task ClearReminderAsync(string name);
    void KeepAlive(bool keepAlive);
    void DeactivateOnIdle();
    Task SetRetentionAsync(TimeSpan ttl);
}
