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
