namespace ClutchCall.Grains.Interfaces;

/// <summary>
/// One SIP trunk in the cluster-wide registry: the fields of <c>Sip:Trunks</c> (SipTrunkOptions). Transport is
/// "udp" or "tcp"; codecs are PCMU, PCMA, opus, telephone-event in preference order; 0 concurrent calls means no limit.
/// </summary>
public sealed record TrunkDefinition(
    string Id,
    string Host,
    int Port = 5060,
    string Transport = "udp",
    string? Username = null,
    string? Password = null,
    string CallerId = "anonymous",
    string? CallerIdName = null,
    IReadOnlyList<string>? Codecs = null,
    int MaxConcurrentCalls = 0,
    IReadOnlyList<string>? InboundAllowedCidrs = null,
    string? InboundUsername = null,
    string? InboundPassword = null,
    DateTimeOffset CreatedAt = default,
    DateTimeOffset UpdatedAt = default)
{
    public static readonly IReadOnlyList<string> DefaultCodecs = ["PCMU", "PCMA", "telephone-event"];

    /// <summary>What GETs and lists show: passwords are write-only, only whether one is set.</summary>
    public TrunkView Redacted() => new(
        Id, Host, Port, Transport, Username, Password is not null, CallerId, CallerIdName, Codecs ?? DefaultCodecs,
        MaxConcurrentCalls, InboundAllowedCidrs ?? [], InboundUsername, InboundPassword is not null, CreatedAt, UpdatedAt);
}

/// <summary>A trunk as the API shows it: no passwords, <c>hasPassword</c> / <c>hasInboundPassword</c> instead.</summary>
public sealed record TrunkView(
    string TrunkId,
    string Host,
    int Port,
    string Transport,
    string? Username,
    bool HasPassword,
    string CallerId,
    string? CallerIdName,
    IReadOnlyList<string> Codecs,
    int MaxConcurrentCalls,
    IReadOnlyList<string> InboundAllowedCidrs,
    string? InboundUsername,
    bool HasInboundPassword,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
