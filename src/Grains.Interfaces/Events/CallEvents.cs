namespace ClutchCall.Grains.Interfaces;

// Payloads of the stream events. Each carries sid and orgId so an org stream reader needs nothing else.

public sealed record CallStatusChanged(string Sid, string OrgId, CallStatus Status, CallStatus? Previous, string? Reason, DateTimeOffset At);

public sealed record CallIncoming(string Sid, string OrgId, string From, string To, string TrunkId, DateTimeOffset At);

public sealed record AgentChanged(string Sid, string OrgId, string Agent, AgentSpec? Spec, DateTimeOffset At);

public sealed record CallTransferred(string Sid, string OrgId, string? To, string? Agent, DateTimeOffset At);

/// <param name="Command">The inbound command that caused the change; null when a party left on its own (see Reason).</param>
/// <param name="Reason">Why the connected callee left without a command: busy, no_answer, remote_hangup, media_timeout or a SIP code.</param>
public sealed record BridgeChanged(
    string Sid,
    string OrgId,
    InboundCommand? Command,
    InboundState State,
    ConferenceMode? Mode,
    IReadOnlyList<string> Participants,
    DateTimeOffset At,
    string? Reason = null);

/// <summary>An audio bridge channel attached to or detached from the call (also on the "call.bridge" stream event).</summary>
/// <param name="Bridge">"attach" (server-side bridge) or "caller" (browser softphone).</param>
/// <param name="Change">"attached" or "detached".</param>
/// <param name="Format">The bridge's audio format: codec wire name, sample rate, channels, frame length.</param>
/// <param name="Reason">Why it detached: "closed" (the bridge went away) or "call_ended".</param>
public sealed record AudioBridgeChanged(
    string Sid,
    string OrgId,
    string Bridge,
    string Change,
    AudioBridgeFormat Format,
    string? Reason,
    DateTimeOffset At);

/// <summary>A bridge the call refused, and why (only for peers that proved they were given a token for this call).</summary>
/// <param name="Bridge">The role asked for: "attach" or "caller", or what the peer named.</param>
public sealed record AudioBridgeRefused(string Sid, string OrgId, string Bridge, string Reason, DateTimeOffset At);

/// <summary>An audio format as bridges name it (see the bridge channel contract).</summary>
public sealed record AudioBridgeFormat(string Codec, int SampleRate, int Channels, int FrameMs);

/// <summary>A turn or barge event of the agent leg. <paramref name="Since"/> is the onset it refers back to (speech onset, or agent audio start).</summary>
public sealed record AgentTurnEvent(string Sid, string OrgId, string Type, DateTimeOffset At, DateTimeOffset Since);

public sealed record CallTranscriptEvent(string Sid, string OrgId, string Role, string Text, DateTimeOffset At);

/// <param name="Fatal">The model leg is gone for this call; the caller heard the fallback.</param>
public sealed record AgentErrorEvent(string Sid, string OrgId, string Agent, string Code, string Message, bool Fatal, DateTimeOffset At);

public sealed record RecordingCompleted(string Sid, string OrgId, RecordingInfo Recording, DateTimeOffset At);

/// <summary>A digit the caller pressed (RFC 4733 telephone-event or SIP INFO).</summary>
public sealed record CallDtmf(string Sid, string OrgId, string Digit, DateTimeOffset At);

/// <summary>Progress of a transfer to a PSTN number.</summary>
/// <param name="Method">"refer" (the trunk moves the caller) or "bridge" (the trunk refused REFER; we dial and bridge).</param>
/// <param name="SipCode">202 when the trunk accepted the REFER, then the target's status from NOTIFY sipfrag (100, 180, 200...).</param>
/// <param name="Final">True on the last report of this transfer.</param>
public sealed record CallTransferProgress(string Sid, string OrgId, string To, string Method, int SipCode, bool Final, DateTimeOffset At);
