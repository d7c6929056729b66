namespace ClutchCall.Grains.Interfaces;

// Payloads of the stream events. Each carries sid and orgId so an org stream reader needs nothing else.

public sealed record CallStatusChanged(string Sid, string OrgId, CallStatus Status, CallStatus? Previous, string? Reason, DateTimeOffset At);

public sealed record CallIncoming(string Sid, string OrgId, string From, string To, string TrunkId, DateTimeOffset At);

public sealed record AgentChanged(string Sid, string OrgId, string Agent, AgentSpec? Spec, DateTimeOffset At);

public sealed record CallTransferred(string Sid, string OrgId, string? To, string? Agent, DateTimeOffset At);

/// <param name="Command">The inbound command that caused the change.</param>
public sealed record BridgeChanged(
    string Sid,
    string OrgId,
    InboundCommand Command,
    InboundState State,
    ConferenceMode? Mode,
    IReadOnlyList<string> Participants,
    DateTimeOffset At);
