using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ClutchCall.Sip.Transport;

/// <summary>SIP over TLS (RFC 3261 §26.2): our certificate for inbound connections, and how we judge a trunk's.</summary>
public sealed class SipTlsOptions
{
    /// <value>Presented to peers that connect to us; required to listen for TLS.</value>
    public X509Certificate2? ServerCertificate { get; set; }

    /// <value>Checks the trunk's certificate; the platform's chain and name validation when unset.</value>
    public RemoteCertificateValidationCallback? RemoteCertificateValidation { get; set; }

    /// <value>5 s by default.</value>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
