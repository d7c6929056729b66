using ClutchCall.Runtime;

namespace ClutchCall.TestGrains;

/// <summary>A grain that makes the runtime's guarantees observable: order, one turn at a time, fencing, reminders.</summary>
[GrainType("counter")]
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds delta, checking that this sender's sequence numbers arrive in order; holds the turn for holdMs.</summary>
    Task<CounterView> AddAsync(string sender, long sequence, long delta, int holdMs);

    Task<CounterView> GetAsync();

    /// <summary>Waits, then persists a marker: lets a test pause the silo between the two.</summary>
    Task<CounterView> SlowMarkAsync(string marker, int waitMs);

    Task SetReminderAsync(string name, int dueMs);

    Task StartTimerAsync(int periodMs);

    Task<int> GetTimerTicksAsync();

    Task FailAsync(string message);

    Task DeactivateAsync();

    Task KeepAliveAsync(bool keepAlive);

    /// <summary>Asks another counter to call this one back: a reentrant cycle.</summary>
    Task<CounterView> RoundTripViaAsync(string otherKey);

    Task<CounterView> CallBackAsync(string key);
}

public sealed record CounterView(
    long Total,
    long Adds,
    string SiloId,
    long Epoch,
    long Version,
    int MaxConcurrentTurns,
    bool OrderViolated,
    IReadOnlyList<string> Markers,
    IReadOnlyList<string> Reminders,
    int Activations);

public sealed class CounterState
{
    public long Total { get; set; }
    public long Adds { get; set; }
    public Dictionary<string, long> LastSequence { get; set; } = [];
    public bool OrderViolated { get; set; }
    public List<string> Markers { get; set; } = [];
    public List<string> Reminders { get; set; } = [];
    public int Activations { get; set; }
}
