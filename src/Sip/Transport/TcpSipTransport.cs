using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using ClutchCall.Sip.Messages;
using ClutchCall.Sip.Parsing;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Sip.Transport;

/// <summary>
/// SIP over TCP (RFC 3261 §18.3), or TLS when <see cref="SipTlsOptions"/> are given: messages framed by Content-Length
/// over a pipe. Connections are shared both ways and keyed by the remote endpoint, so a response goes back on the
/// connection its request came in on.
/// </summary>
public sealed class TcpSipTransport : ISipTransport
{
    private readonly TcpListener _listener;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<IPEndPoint, TcpSipConnection> _connections = new();
    private readonly List<Task> _tasks = [];
    private readonly SipTlsOptions? _tls;
    private Action<SipInbound>? _onMessage;

    public TcpSipTransport(IPEndPoint bind, ILogger logger, SipTlsOptions? tls = null)
    {
        _logger = logger;
        _tls = tls;
        _listener = new TcpListener(bind);
        _listener.Start();
        LocalEndPoint = (IPEndPoint)_listener.LocalEndpoint;
    }

    public SipTransportKind Kind => _tls is null ? SipTransportKind.Tcp : SipTransportKind.Tls;
    public bool IsReliable => true;
    public IPEndPoint LocalEndPoint { get; }

    public void Start(Action<SipInbound> onMessage)
    {
        _onMessage = onMessage;
        lock (_tasks) _tasks.Add(Task.Run(AcceptLoop));
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            catch (SocketException ex) { _logger.LogWarning(ex, "TCP accept failed"); continue; }
            if (_tls is null) Attach(socket, new NetworkStream(socket, ownsSocket: true));
            else lock (_tasks) _tasks.Add(Task.Run(() => AcceptTlsAsync(socket)));
        }
    }

    private async Task AcceptTlsAsync(Socket socket)
    {
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(_tls!.HandshakeTimeout);
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = _tls.ServerCertificate ?? throw new InvalidOperationException("TLS needs a server certificate."),
            }, timeout.Token);
            Attach(socket, ssl);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException or InvalidOperationException)
        {
            _logger.LogWarning(ex, "TLS handshake with {Remote} failed", socket.RemoteEndPoint);
            await ssl.DisposeAsync();
        }
    }

    private TcpSipConnection Attach(Socket socket, Stream stream)
    {
        socket.NoDelay = true;
        var connection = new TcpSipConnection(socket, stream);
        _connections[connection.Remote] = connection;
        lock (_tasks) _tasks.Add(Task.Run(() => ReadLoop(connection)));
        return connection;
    }

    private async Task ReadLoop(TcpSipConnection connection)
    {
        var reader = connection.Input;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_stop.Token);
                var buffer = result.Buffer;
                while (true)
                {
                    var status = SipFramer.TryFrame(buffer, out var skip, out var length, out var reason);
                    if (status == OperationStatus.InvalidData)
                    {
                        _logger.LogWarning("Closing TCP connection from {Remote}: {Reason}", connection.Remote, reason);
                        return;
                    }
                    if (status == OperationStatus.NeedMoreData)
                    {
                        buffer = buffer.Slice(skip);
                        break;
                    }
                    var frame = buffer.Slice(skip, length);
                    var parse = SipParser.ParseStream(frame.IsSingleSegment ? frame.FirstSpan : frame.ToArray());
                    try
                    {
                        _onMessage?.Invoke(new SipInbound(parse, connection.Remote, this));
                    }
                    catch (Exception ex)
                    {
                        // A failing handler must not take the connection (and every dialog on it) down.
                        _logger.LogError(ex, "SIP message handler failed");
                    }
                    buffer = buffer.Slice(skip + length);
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted) return;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            _connections.TryRemove(new KeyValuePair<IPEndPoint, TcpSipConnection>(connection.Remote, connection));
            await connection.DisposeAsync();
        }
    }

    public async ValueTask SendAsync(SipMessage message, IPEndPoint remote, CancellationToken cancellationToken = default)
    {
        if (!_connections.TryGetValue(remote, out var connection))
        {
            var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            Stream stream;
            try
            {
                await socket.ConnectAsync(remote, cancellationToken);
                stream = new NetworkStream(socket, ownsSocket: true);
                if (_tls is not null) stream = await AuthenticateAsClientAsync(stream, remote, cancellationToken);
            }
            catch (Exception ex) when (ex is SocketException or AuthenticationException or IOException or OperationCanceledException)
            {
                socket.Dispose();
                _logger.LogWarning(ex, "{Kind} connect to {Remote} failed", Kind, remote);
                throw new SipTransportException($"{Kind} connect to {remote} failed", ex);
            }
            connection = Attach(socket, stream);
            _connections[remote] = connection;
        }
        await connection.WriteAsync(SipMessageWriter.ToBytes(message), cancellationToken);
    }

    private async Task<Stream> AuthenticateAsClientAsync(Stream stream, IPEndPoint remote, CancellationToken ct)
    {
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_tls!.HandshakeTimeout);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = remote.Address.ToString(),
            RemoteCertificateValidationCallback = _tls.RemoteCertificateValidation,
        }, timeout.Token);
        return ssl;
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _stop.Cancel();
        _listener.Stop();
        foreach (var c in _connections.Values) await c.DisposeAsync();
        Task[] tasks;
        lock (_tasks) tasks = [.. _tasks];
        try { await Task.WhenAll(tasks).ConfigureAwait(false); } catch (Exception) { /* loops end with the sockets */ }
        _stop.Dispose();
    }
}
