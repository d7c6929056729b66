using System.Net;
using System.Net.Sockets;
using ClutchCall.Sip.Messages;
using ClutchCall.Sip.Parsing;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Sip.Transport;

/// <summary>SIP over UDP: one datagram is one message (RFC 3261 §18.1.1 / §18.2.1).</summary>
public sealed class UdpSipTransport : ISipTransport
{
    private readonly Socket _socket;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public UdpSipTransport(IPEndPoint bind, ILogger logger)
    {
        _logger = logger;
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        // The kernel default (~200 KB, charged per datagram with overhead) overflows on a burst of about a hundred
        // INVITEs; a lost INVITE costs a 500 ms timer A retransmission.
        TrySetBuffers(_socket, 1 << 20);
        _socket.Bind(bind);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    internal static void TrySetBuffers(Socket socket, int bytes)
    {
        try
        {
            socket.ReceiveBufferSize = bytes;
            socket.SendBufferSize = bytes;
        }
        catch (SocketException) { /* capped by the OS: keep its default */ }
    }

    public SipTransportKind Kind => SipTransportKind.Udp;
    public bool IsReliable => false;
    public IPEndPoint LocalEndPoint { get; }

    public void Start(Action<SipInbound> onMessage) => _loop = Task.Run(() => ReceiveLoop(onMessage));

    private async Task ReceiveLoop(Action<SipInbound> onMessage)
    {
        var buffer = new byte[65535];
        EndPoint any = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult r;
            try
            {
                r = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException ex)
            {
                // ICMP port-unreachable surfaces here on some platforms; the socket stays usable.
                _logger.LogDebug(ex, "UDP receive error");
                continue;
            }
            var data = buffer.AsSpan(0, r.ReceivedBytes);
            if (IsKeepAlive(data)) continue;
            var parse = SipParser.ParseDatagram(data);
            try
            {
                onMessage(new SipInbound(parse, (IPEndPoint)r.RemoteEndPoint, this));
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "SIP message handler failed");
            }
        }
    }

    private static bool IsKeepAlive(ReadOnlySpan<byte> data) => data.Trim("\r\n"u8).IsEmpty;

    public async ValueTask SendAsync(SipMessage message, IPEndPoint remote, CancellationToken cancellationToken = default)
    {
        var bytes = SipMessageWriter.ToBytes(message);
        try
        {
            await _socket.SendToAsync(bytes, SocketFlags.None, remote, cancellationToken);
        }
        catch (SocketException ex)
        {
            _logger.LogWarning(ex, "UDP send to {Remote} failed", remote);
        }
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _stop.Cancel();
        _socket.Dispose();
        if (_loop is not null) await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
