using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ClutchCall.Sip.Transport;
using ClutchCall.Sip.UserAgent;

namespace ClutchCall.Sip.Tests;

/// <summary>SIP over TLS between two agents, each trusting exactly one self-signed certificate.</summary>
public class TlsTests : IAsyncLifetime
{
    private readonly LoopbackAgents _agents = new();
    private readonly X509Certificate2 _certificate = CreateCertificate();

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=clutchcall-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }

    private Task<SipUserAgent> StartTlsAgentAsync(bool trustPeer) => _agents.StartAsync(o =>
    {
        o.TlsPort = 0;
        o.Tls.ServerCertificate = _certificate;
        o.Tls.RemoteCertificateValidation = (_, cert, _, _) => trustPeer && cert?.GetCertHashString() == _certificate.Thumbprint;
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _agents.DisposeAsync();
        _certificate.Dispose();
    }

    [Fact]
    public async Task A_call_runs_over_tls_with_bye_from_the_callee()
    {
        var caller = await StartTlsAgentAsync(trustPeer: true);
        var callee = await StartTlsAgentAsync(trustPeer: true);
        caller.UpsertTrunk(new SipTrunkOptions { Id = "tls", Host = "127.0.0.1", Port = callee.TlsEndPoint!.Port, Transport = SipTransportKind.Tls });
        callee.UpsertTrunk(new SipTrunkOptions { Id = "in", Host = "127.0.0.1" });
        var invite = caller.InviteAsync("tls", "secure");
        var incoming = await callee.NextIncomingAsync();
        Assert.Equal("tls", incoming.Invite.RequestUri.Transport);
        Assert.Equal("TLS", incoming.Invite.TopVia!.Transport);
        var b = await incoming.AcceptAsync();
        var a = (await invite).Call!;
        await a.Media.SendFrameAsync(new byte[160], 160);
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            Assert.Equal(160, (await b.Media.Frames.ReadAsync(cts.Token)).Payload.Length);
        }
        await b.HangupAsync(); // the callee opens its own TLS connection to the caller's Contact
        Assert.Equal(SipCallEndReason.RemoteHangup, (await a.Ended.WaitAsync(TimeSpan.FromSeconds(10))).Reason);
    }

    [Fact]
    public async Task An_untrusted_certificate_fails_the_call_as_unreachable()
    {
        var caller = await StartTlsAgentAsync(trustPeer: false);
        var callee = await StartTlsAgentAsync(trustPeer: true);
        caller.UpsertTrunk(new SipTrunkOptions { Id = "tls", Host = "127.0.0.1", Port = callee.TlsEndPoint!.Port, Transport = SipTransportKind.Tls });
        var result = await caller.InviteAsync("tls", "secure").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SipFailureReason.Unreachable, result.Failure!.Reason);
    }
}
