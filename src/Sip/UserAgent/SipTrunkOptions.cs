using ClutchCall.Sip.Transport;

namespace ClutchCall.Sip.UserAgent;

/// <summary>One SIP trunk as configuration (the admin API stores the same fields).</summary>
public sealed class SipTrunkOptions
{
    public string Id { get; set; } = "";

    /// <value>Where outbound INVITEs go (IP or DNS name).</value>
    public string Host { get; set; } = "";

    /// <value>5060 by default.</value>
    public int Port { get; set; } = 5060;

    /// <value>UDP by default.</value>
    public SipTransportKind Transport { get; set; } = SipTransportKind.Udp;

    /// <value>Credentials we answer 401/407 challenges with; none by default.</value>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <value>The user part of our From header (E.164 number or name).</value>
    public string CallerId { get; set; } = "anonymous";

    public string? CallerIdName { get; set; }

    /// <value>Codec names in preference order: PCMU, PCMA, opus, telephone-event. PCMU, PCMA and telephone-event by default.</value>
    public List<string> Codecs { get; set; } = ["PCMU", "PCMA", "telephone-event"];

    /// <value>0 means unlimited (the default).</value>
    public int MaxConcurrentCalls { get; set; }

    /// <value>Sources allowed to send INVITEs on this trunk; empty admits any source.</value>
    public List<string> InboundAllowedCidrs { get; set; } = [];

    /// <value>Credentials inbound INVITEs must carry (digest); none by default.</value>
    public string? InboundUsername { get; set; }

    public string? InboundPassword { get; set; }
}
