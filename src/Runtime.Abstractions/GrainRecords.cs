namespace ClutchCall.Runtime;

/// <summary>An event committed with a state write. Data is JSON text.</summary>
/// <param name="AlsoAppendTo">Streams besides the grain's own (for example "org/org_dev").</param>
public sealed record GrainEvent(string Type, string Data, IReadOnlyList<string>? AlsoAppendTo = null);

/// <summary>An event as stored: Id is "ms-seq", ordered within its stream.</summary>
public sealed record StoredEvent(string Id, string Type, string Data);

/// <summary>A sorted-set index update committed with a state write.</summary>
public sealed record IndexEntry(string Index, string Member, double Score, bool Remove = false);

public sealed record IndexMember(string Member, double Score);

public enum DeactivationReason
{
    Idle,
    Requested,
    Fenced,
    SiloStopping,
    SiloDeclaredDead,
    ActivationFailed,
}
