namespace ClutchCall.Runtime.Storage;

public enum SiloStatus
{
    Active,
    Leaving,
    Left,
    Dead,
}

public sealed record SiloInfo(string Id, string Endpoint, SiloStatus Status = SiloStatus.Active)
{
    /// <summary>Active and leaving silos still own their grains.</summary>
    public bool CanOwn => Status is SiloStatus.Active or SiloStatus.Leaving;
}

/// <summary>An immutable view of the cluster; Version grows on every join, leave and death.</summary>
public sealed class MembershipSnapshot
{
    public static readonly MembershipSnapshot Empty = new(0, []);

    public MembershipSnapshot(long version, IEnumerable<SiloInfo> silos)
    {
        Version = version;
        ById = silos.ToDictionary(s => s.Id, StringComparer.Ordinal);
        Active = ById.Values.Where(s => s.Status == SiloStatus.Active).OrderBy(s => s.Id, StringComparer.Ordinal).ToArray();
    }

    public long Version { get; }

    /// <summary>Silos that accept new activations, ordered by id.</summary>
    public IReadOnlyList<SiloInfo> Active { get; }

    /// <summary>Every silo the store still remembers, whatever its status.</summary>
    public IReadOnlyDictionary<string, SiloInfo> ById { get; }

    public bool IsActive(string siloId) => ById.TryGetValue(siloId, out var s) && s.Status == SiloStatus.Active;

    /// <summary>The silo if it may still own grains (active or leaving).</summary>
    public SiloInfo? Owner(string siloId) => ById.TryGetValue(siloId, out var s) && s.CanOwn ? s : null;
}

public enum HeartbeatOutcome
{
    Alive,

    /// <summary>The cluster declared this silo dead (or forgot it): it must stop serving.</summary>
    DeclaredDead,
}

public readonly record struct HeartbeatResult(HeartbeatOutcome Outcome, long ViewVersion);

public enum ClaimOutcome
{
    Won,

    /// <summary>Another live silo owns the grain.</summary>
    OwnedElsewhere,

    /// <summary>The claimer itself is not an active member.</summary>
    ClaimerNotActive,
}

/// <param name="State">On a win, the grain's persisted state as of the claim (one round trip instead of two).</param>
public readonly record struct ClaimResult(ClaimOutcome Outcome, long Epoch, string? Owner, StoredState State = default);

public readonly record struct OwnerRecord(string Owner, long Epoch);

public readonly record struct StoredState(long Version, string? Data);

public enum WriteOutcome
{
    Written,
    Fenced,
    VersionConflict,
}

public readonly record struct WriteResult(WriteOutcome Outcome, long Version);

/// <summary>A fenced state change: commit only if (owner, epoch) still hold and the version matches.</summary>
public sealed record StateWrite(
    GrainId Grain,
    string SiloId,
    long Epoch,
    long ExpectedVersion,
    string? Data,
    IReadOnlyList<GrainEvent> Events,
    IReadOnlyList<IndexEntry> Index)
{
    /// <summary>Null Data with Clear = true deletes the state.</summary>
    public bool Clear { get; init; }
}

public readonly record struct DueReminder(GrainId Grain, string Name, double LeaseScore);

/// <summary>Silo membership: incarnations, leases, the view and death declarations.</summary>
public interface IMembershipStore
{
    Task<long> NextIncarnationAsync();

    Task<long> JoinAsync(SiloInfo silo, TimeSpan leaseTtl);

    Task<HeartbeatResult> HeartbeatAsync(string siloId, TimeSpan leaseTtl);

    /// <summary>Leaving: no new placements, but the silo still owns and may write its grains.</summary>
    Task BeginLeaveAsync(string siloId);

    /// <summary>Gone: any grains it still lists become orphans for live silos to re-activate.</summary>
    Task CompleteLeaveAsync(string siloId);

    /// <summary>Declares dead every active silo whose lease expired; returns their ids.</summary>
    Task<IReadOnlyList<string>> DeclareExpiredDeadAsync();

    Task<MembershipSnapshot> ReadViewAsync();

    Task<SiloStatus?> ReadStatusAsync(string siloId);

    /// <summary>Forgets dead and departed silos older than the retention.</summary>
    Task<int> ForgetDefunctAsync(TimeSpan retention);
}

/// <summary>Grain ownership and fenced state.</summary>
public interface IOwnershipStore
{
    Task<ClaimResult> ClaimAsync(GrainId grain, string siloId);

    Task<OwnerRecord?> LookupAsync(GrainId grain);

    /// <summary>Compare-and-release. With handoff the grain is queued for re-activation on a live silo.</summary>
    Task<bool> ReleaseAsync(GrainId grain, string siloId, long epoch, bool handoff);

    Task<StoredState> LoadAsync(GrainId grain);

    Task<WriteResult> WriteAsync(StateWrite write);

    /// <summary>
    /// Fenced: lets the grain's ownership, state and own event stream expire after ttl (a finished call keeps its
    /// record for a while, then frees the memory); a zero ttl keeps them forever. False when no longer the owner.
    /// </summary>
    Task<bool> SetRetentionAsync(GrainId grain, string siloId, long epoch, TimeSpan ttl);

    Task<IReadOnlyList<GrainId>> ReadOrphansAsync();

    Task<IReadOnlyList<GrainId>> ReadOwnedAsync(string siloId);
}

/// <summary>Persistent one-shot reminders, timed by the store's clock.</summary>
public interface IReminderStore
{
    Task SetAsync(GrainId grain, string name, TimeSpan dueIn);

    Task ClearAsync(GrainId grain, string name);

    /// <summary>Takes up to max due reminders, leasing each for the given time so a crash redelivers it.</summary>
    Task<IReadOnlyList<DueReminder>> TakeDueAsync(int max, TimeSpan lease);

    /// <summary>Removes a delivered reminder unless it was set again meanwhile.</summary>
    Task CompleteAsync(DueReminder reminder);
}

/// <summary>Everything the runtime keeps outside its processes.</summary>
public interface IClusterStore : IMembershipStore, IOwnershipStore, IReminderStore, IEventLog, IGrainIndex;
