using System.Net;

namespace ClutchCall.Sip.Auth;

public enum InboundDecision { Accept, Forbidden, Challenge }

/// <summary>Per-trunk admission of inbound INVITEs: source CIDR allow-list, then optional digest credentials.</summary>
public sealed class InboundRule
{
    private readonly IPNetwork[] _networks;

    public InboundRule(IEnumerable<string> allowedCidrs, DigestCredentials? credentials, string realm)
    {
        _networks = [.. allowedCidrs.Select(IPNetwork.Parse)];
        Credentials = credentials;
        Realm = realm;
    }

    public DigestCredentials? Credentials { get; }
    public string Realm { get; }

    /// <summary>An empty allow-list admits any source (credentials may still be required).</summary>
    public bool IsSourceAllowed(IPAddress source)
    {
        if (_networks.Length == 0) return true;
        if (source.IsIPv4MappedToIPv6) source = source.MapToIPv4();
        return _networks.Any(n => n.Contains(source));
    }

    public InboundDecision Decide(IPAddress source, string? authorization, string method, DigestServer server, out DigestVerification verification)
    {
        verification = DigestVerification.Valid;
        if (!IsSourceAllowed(source)) return InboundDecision.Forbidden;
        if (Credentials is null) return InboundDecision.Accept;
        verification = server.Verify(authorization, method, Realm, Credentials);
        return verification switch
        {
            DigestVerification.Valid => InboundDecision.Accept,
            DigestVerification.Missing or DigestVerification.StaleNonce => InboundDecision.Challenge,
            _ => InboundDecision.Forbidden,
        };
    }
}
