using ClutchCall.Sip.Transactions;

namespace ClutchCall.Sip.UserAgent;

public sealed class SipUserAgentOptions
{
    /// <value>127.0.0.1 by default.</value>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <value>Address written in Contact, Via and SDP; the bind address by default.</value>
    public string? AdvertisedAddress { get; set; }

    /// <value>5060 by default; 0 picks a free port.</value>
    public int UdpPort { get; set; } = 5060;

    /// <value>5060 by default; 0 picks a free port; null disables TCP.</value>
    public int? TcpPort { get; set; } = 5060;

    /// <value>Null (no TLS listener) by default; 0 picks a free port. Needs <see cref="Tls"/>.ServerCertificate.</value>
    public int? TlsPort { get; set; }

    /// <value>Certificates for SIP over TLS (trunks with Transport = Tls use it for outbound connections too).</value>
    public Transport.SipTlsOptions Tls { get; set; } = new();

    /// <value>20000 by default.</value>
    public int RtpPortMin { get; set; } = 20000;

    /// <value>30000 by default.</value>
    public int RtpPortMax { get; set; } = 30000;

    public List<SipTrunkOptions> Trunks { get; set; } = [];

    public SipTimerOptions Timers { get; set; } = new();

    /// <value>How long an outbound INVITE may ring before we CANCEL it; 60 s by default (Twilio's Timeout).</value>
    public TimeSpan RingTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <value>An inbound call nobody answers or rejects is refused with 480 after this; 3 min by default (LiveKit's ringing timeout).</value>
    public TimeSpan InboundRingTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <value>A leg with no RTP for this long is hung up; 15 s by default (LiveKit's media timeout). Zero disables.</value>
    public TimeSpan RtpInactivityTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <value>5 s by default (RFC 3550 §6.2 minimum).</value>
    public TimeSpan RtcpInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <value>Realm of our digest challenges; "clutchcall" by default.</value>
    public string Realm { get; set; } = "clutchcall";

    /// <value>Secret for stateless digest nonces; random per process when unset.</value>
    public string? NonceSecret { get; set; }

    public string UserAgentName { get; set; } = "ClutchCall";
}
