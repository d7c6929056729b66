using System.Text.Json;
using ClutchCall.Grains.Interfaces;

namespace ClutchCall.Gateway.Validation;

// Wire shapes of request bodies (camelCase JSON). "agent" may be a registry id (string) or an inline spec (object).

public sealed record OriginateBody(string? To, string? From, string? TrunkId, JsonElement? Agent, int? RingTimeoutSec);

public sealed record AttachAgentBody(string? AgentId, AgentSpec? Spec, JsonElement? Agent);

public sealed record ConnectBody(int? RingTimeSeconds);

public sealed record RingInBody(string? From, string? To);

public sealed record BrowserTokenBody(List<string>? Scopes, int? TtlSec);

public sealed record HangupBody(string? Reason);
