using System.Net;
using System.Net.Quic;
using System.Net.Security;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ClutchCall.Moqt.Messages;
using ClutchCall.Moqt.Model;
using ClutchCall.Moqt.Session;
using ClutchCall.Moqt.Transport.Quic;

namespace ClutchCall.Moqt.Tests;

/// <summary>Skips a live-QUIC test with its reason printed when libmsquic is missing (QuicListener.IsSupported is false).</summary>
public sealed class QuicFactAttribute : FactAttribute
{
    public QuicFactAttribute()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsWindows() && !OperatingSystem.IsMacOS()) Skip = "System.Net.Quic is not available on this OS";
        else if (!QuicListener.IsSupported) Skip = "QuicListener.IsSupported is false: libmsquic is not installed on this machine";
    }
}

[SupportedOSPlatform("linux")]
[SupportedOSPlatform("windows")]
[SupportedOSPlatform("osx")]
public sealed class QuicTransportTests
{
    [Fact]
    public void Options_AnnounceMoq00_AndAllowManyUniStreams()
    {
        QuicClientConnectionOptions client = QuicMoqtTransport.CreateClientOptions(new IPEndPoint(IPAddress.Loopback, 4443), "localhost");
        Assert.Equal("moq-00", QuicMoqtTransport.Alpn);
        Assert.Equal([new SslApplicationProtocol("moq-00")], client.ClientAuthenticationOptions.ApplicationProtocols);
        Assert.True(client.MaxInboundUnidirectionalStreams >= 50, "one uni stream per 20 ms frame needs at least 50 per second per track");

        QuicServerConnectionOptions server = QuicMoqtTransport.CreateServerOptions(new SslServerAuthenticationOptions());
        Assert.Equal([new SslApplicationProtocol("moq-00")], server.ServerAuthenticationOptions.ApplicationProtocols);
        Assert.True(server.MaxInboundBidirectionalStreams > 0, "the client's control stream must be accepted");
    }

    [QuicFact]
    public async Task LiveQuic_SessionExchangesFrames()
    {
        using X509Certificate2 certificate = CreateCertificate();
        var listenerOptions = new QuicListenerOptions
        {
            ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            ApplicationProtocols = [new SslApplicationProtocol(QuicMoqtTransport.Alpn)],
            ConnectionOptionsCallback = (_, _, _) => ValueTask.FromResult(QuicMoqtTransport.CreateServerOptions(new SslServerAuthenticationOptions { ServerCertificate = certificate })),
        };
        await using QuicListener listener = await QuicListener.ListenAsync(listenerOptions);
        var origin = new MoqtOrigin();
        var ns = new TrackNamespace("voice", "CAQ");
        TrackProducer downlink = origin.GetOrCreate(ns).GetOrCreateTrack("downlink");

        Task<MoqtSession> accept = Task.Run(async () => await MoqtSession.AcceptAsync(new QuicMoqtTransport(await listener.AcceptConnectionAsync(), isServer: true), origin));
        QuicConnection connection = await QuicConnection.ConnectAsync(QuicMoqtTransport.CreateClientOptions(listener.LocalEndPoint, "localhost", (_, _, _, _) => true));
        await using MoqtSession client = await MoqtSession.ConnectAsync(new QuicMoqtTransport(connection, isServer: false));
        await using MoqtSession server = await accept;

        MoqtSubscription subscription = await client.SubscribeAsync(ns, "downlink");
        for (int i = 0; i < 5; i++) downlink.WriteFrame(new MoqtFrame(AudioPatterns.Downlink(i)));
        downlink.Close();
        var got = new List<byte[]>();
        await foreach (MoqtFrame f in subscription.Frames.ReadFramesAsync()) got.Add(f.Payload.ToArray());
        Assert.Equal(Enumerable.Range(0, 5).Select(AudioPatterns.Downlink), got);
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create();
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }
}
