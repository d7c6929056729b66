namespace ClutchCall.Sip.Transport;

public enum SipTransportKind { Udp, Tcp, Tls }

public static class SipTransportKindExtensions
{
    public static string ViaName(this SipTransportKind k) => k switch
    {
        SipTransportKind.Tcp => "TCP",
        SipTransportKind.Tls => "TLS",
        _ => "UDP",
    };

    /// <summary>The ";transport=" URI parameter for Contact and Request-URI (none for UDP, the default).</summary>
    public static string? UriParameter(this SipTransportKind k) => k switch
    {
        SipTransportKind.Tcp => "tcp",
        SipTransportKind.Tls => "tls",
        _ => null,
    };

    public static SipTransportKind? FromViaName(string? name) => name?.ToUpperInvariant() switch
    {
        "UDP" => SipTransportKind.Udp,
        "TCP" => SipTransportKind.Tcp,
        "TLS" => SipTransportKind.Tls,
        _ => null,
    };
}
