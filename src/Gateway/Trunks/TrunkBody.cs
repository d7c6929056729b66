using ClutchCall.Grains.Interfaces;

namespace ClutchCall.Gateway.Trunks;

/// <summary>The body of <c>PUT /trunks/{trunkId}</c>: the trunk's fields (the id comes from the path). A PUT replaces the whole trunk.</summary>
internal sealed record TrunkBody(
    string? Host,
    int? Port,
    string? Transport,
    string? Username,
    string? Password,
    string? CallerId,
    string? CallerIdName,
    List<string>? Codecs,
    int? MaxConcurrentCalls,
    List<string>? InboundAllowedCidrs,
    string? InboundUsername,
    string? InboundPassword)
{
    public TrunkDefinition ToDefinition(string trunkId) => new(
        trunkId,
        Host ?? "",
        Port ?? 5060,
        Transport?.ToLowerInvariant() ?? "udp",
        Username,
        Password,
        CallerId ?? "anonymous",
        CallerIdName,
        Codecs,
        MaxConcurrentCalls ?? 0,
        InboundAllowedCidrs,
        InboundUsername,
        InboundPassword);
}
