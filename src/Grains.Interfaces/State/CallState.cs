// Persisted by the call grain; gateways read it without activating the grain (IGrainStateReader).
namespace ClutchCall.Grains.Interfaces;

/// <summary>Persisted state of one call. Immutable: the state machine returns a new value for every command.</summary>
public sealed record CallState
{
    /// <summary>Empty until the call is created (originate or ring-in).</summary>
    public string Sid { get; init; } = "";
    public string OrgId { get; init; } = "";
    public CallDirection Direction { get; init; }
    public CallStatus Status { get; init; }
    public string To { get; init; } = "";
    public string From { get; init; } = "";
    public string TrunkId { get; init; } = "";
    public AgentBinding? Agent { get; init; }
    public int RingTimeoutSec { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? AnsweredAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public string? EndReason { get; init; }

    /// <summary>When an unanswered outbound call gives up (startedAt + ringTimeoutSec).</summary>
    public DateTimeOffset? RingDeadline { get; init; }

    /// <summary>Trunk signals still to come, in time order. Persisted so they survive failover.</summary>
    public IReadOnlyList<ScheduledSignal> PendingSignals { get; init; } = [];

    /// <summary>Null for outbound calls.</summary>
    public InboundCallState? Inbound { get; init; }

    public IReadOnlyList<TransferRecord> Transfers { get; init; } = [];

    /// <summary>Both sides of the conversation with the agent, oldest first (capped, see <see cref="MaxTranscriptEntries"/>).</summary>
    public IReadOnlyList<TranscriptEntry> Transcript { get; init; } = [];

    public IReadOnlyList<RecordingInfo> Recordings { get; init; } = [];

    public const int MaxTranscriptEntries = 500;

    /// <summary>The trunk reported that the caller reached the target of a REFER: the leg's BYE that follows ends the call as transferred.</summary>
    public bool ReferredAway { get; init; }

    /// <summary>Hash of the originate request that created this call under an Idempotency-Key.</summary>
    public string? Fingerprint { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool Exists => Sid.Length > 0;

    public CallView ToView() => new(
        Sid, OrgId, Direction, Status, To, From, TrunkId,
        Agent?.DisplayName, Agent?.Spec?.Redacted(), RingTimeoutSec,
        StartedAt, AnsweredAt, EndedAt, EndReason,
        Inbound is { } i ? new InboundView(i.State, i.Mode, i.AgentInCall, i.CalleeInCall) : null,
        Transfers,
        Transcript,
        Recordings);
}

/// <summary>The inbound command flow: state, conference membership and the agent's audio mode.</summary>
public sealed record InboundCallState(InboundState State, ConferenceMode? Mode, bool AgentInCall, bool CalleeInCall, int? ConnectRingTimeSeconds = null);

/// <summary>A trunk signal due at a fixed time.</summary>
public sealed record ScheduledSignal(DateTimeOffset At, TrunkSignal Signal);
