namespace ClutchCall.Grains.Interfaces;

// Every request names the org: a grain answers NotFound to another org, never its data.

/// <summary>Place an outbound call. RingTimeoutSec is already clamped by the gateway.</summary>
/// <param name="Fingerprint">Hash of the request body when sent with an Idempotency-Key; a retry with the same key and body returns the same call.</param>
public sealed record OriginateCall(
    string OrgId,
    string To,
    string From,
    string TrunkId,
    string? AgentId,
    AgentSpec? AgentSpec,
    int RingTimeoutSec,
    string? Fingerprint = null);

/// <summary>A call arriving on a trunk (today: the simulated trunk's ring-in entry point).</summary>
public sealed record IncomingCall(string OrgId, string From, string To, string TrunkId);

public sealed record GetCall(string OrgId);

public sealed record HangupCall(string OrgId, string? Reason = null);

/// <summary>Exactly one of To (PSTN number) and AgentId/AgentSpec.</summary>
public sealed record TransferCall(string OrgId, string? To, string? AgentId, AgentSpec? AgentSpec = null);

/// <summary>Attach by registry id or inline spec (exactly one).</summary>
public sealed record AttachAgent(string OrgId, string? AgentId, AgentSpec? Spec);

public sealed record DetachAgent(string OrgId);

/// <param name="RingTimeSeconds">connect only: how long the callee rings; default 60.</param>
public sealed record InboundCommandRequest(string OrgId, InboundCommand Command, int? RingTimeSeconds = null);
