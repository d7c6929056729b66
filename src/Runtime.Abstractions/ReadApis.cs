namespace ClutchCall.Runtime;

/// <summary>Reads grain event streams without activating anything.</summary>
public interface IEventLog
{
    Task<IReadOnlyList<StoredEvent>> ReadAsync(string stream, string? afterId, int maxCount, CancellationToken ct);

    /// <summary>Completes when the stream holds an event after <paramref name="afterId"/>, or when maxWait has passed.</summary>
    Task WaitForEventsAsync(string stream, string? afterId, TimeSpan maxWait, CancellationToken ct);
}

/// <summary>Sorted-set indexes that grains maintain with their writes.</summary>
public interface IGrainIndex
{
    Task<IReadOnlyList<IndexMember>> RangeByScoreDescendingAsync(string index, double maxScoreExclusive, int limit, CancellationToken ct);
}

/// <summary>Reads the persisted state of any grain without activating it.</summary>
public interface IGrainStateReader
{
    Task<(TState? State, long Version)> ReadAsync<TState>(GrainId id, CancellationToken ct) where TState : class;
}

/// <summary>Readiness of this process in the cluster.</summary>
public interface IClusterHealth
{
    /// <summary>A silo has joined and heartbeats; a client sees at least one live silo.</summary>
    bool IsJoined { get; }

    string? SiloId { get; }
}
