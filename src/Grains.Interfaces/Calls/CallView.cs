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
    IReadOnlyList<TransferRecord> Transfers,
    IReadOnlyList<TranscriptEntry>? Transcript = null,
    IReadOnlyList<RecordingInfo>? Recordings = null);

/// <summary>One utterance of the conversation, caller or agent, in order.</summary>
/// <param name="Role">"caller" or "agent".</param>
public sealed record TranscriptEntry(string Role, string Text, DateTimeOffset At);

/// <summary>A finished recording of the call.</summary>
/// <param name="Legs">"caller", or "both" (channel 1 the caller, channel 2 the agent).</param>
public sealed record RecordingInfo(string Path, string Legs, int SampleRate, int Channels, double DurationSec, DateTimeOffset StartedAt);

/// <summary>Inbound command state: where the flow is, who is in the conference, and how the agent is heard.</summary>
public sealed record InboundView(InboundState State, ConferenceMode? Mode, bool AgentInCall, bool CalleeInCall);

/// <summary>One completed transfer; the sid stays the same.</summary>
public sealed record TransferRecord(DateTimeOffset At, string? To, string? Agent);
