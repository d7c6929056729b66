namespace ClutchCall.Grains.Interfaces;

/// <summary>A call as the control plane shows it (JSON camelCase on the wire).</summary>
public sealed record CallView(
    string Sid,
    string OrgId,
    CallDirection Direction,
    CallStatus Status,
    string To,
    string From,
    string TrunkId,
    string? Agent,
    AgentSpec? AgentSpec,
    int RingTimeoutSec,
    DateTimeOffset StartedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt,
    string? EndReason,
    InboundView? Inbound,
    IReadOnlyList<TransferRecord> Transfers);

/// <summary>Inbound command state: where the flow is, who is in the conference, and how the agent is heard.</summary>
public sealed record InboundView(InboundState State, ConferenceMode? Mode, bool AgentInCall, bool CalleeInCall);

/// <summary>One completed transfer; the sid stays the same.</summary>
public sealed record TransferRecord(DateTimeOffset At, string? To, string? Agent);
