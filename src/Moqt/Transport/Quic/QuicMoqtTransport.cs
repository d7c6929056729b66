using System.IO.Pipelines;
using System.Net;
using System.Net.Quic;
using System.Net.Security;
using System.Runtime.Versioning;

namespace ClutchCall.Moqt.Transport.Quic;

/// <summary>
/// MoQT over raw QUIC (System.Net.Quic, ALPN "moq-00" for drafts up to -14). Usable only where libmsquic is present:
/// check <see cref="IsSupported"/>. QUIC datagrams are not exposed by .NET, which the one-stream-per-group audio mapping avoids.
/// </summary>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("windows")]
[SupportedOSPlatform("osx")]
public sealed class QuicMoqtTransport : IMoqtTransport
{
    /// <summary>ALPN of MoQT drafts up to -14.</summary>
    public const string Alpn = "moq-00";

    private readonly QuicConnection _connection;
    private readonly TaskCompletionSource<TransportCloseInfo> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public QuicMoqtTransport(QuicConnection connection, bool isServer)
    {
        _connection = connection;
        IsServer = isServer;
    }

    public static bool IsSupported => QuicConnection.IsSupported && QuicListener.IsSupported;

    public bool IsServer { get; }

    public Task<TransportCloseInfo> Closed => _closed.Task;

    /// <summary>Stream limits high enough for one uni stream per 20 ms audio frame per track.</summary>
    public static QuicClientConnectionOptions CreateClientOptions(EndPoint remote, string? targetHost = null, RemoteCertificateValidationCallback? validate = null) => new()
    {
        RemoteEndPoint = remote,
        DefaultStreamErrorCode = 0,
        DefaultCloseErrorCode = 0,
        MaxInboundBidirectionalStreams = 100,
        MaxInboundUnidirectionalStreams = 1000,
        ClientAuthenticationOptions = new SslClientAuthenticationOptions
        {
            ApplicationProtocols = [new SslApplicationProtocol(Alpn)],
            TargetHost = targetHost,
            RemoteCertificateValidationCallback = validate,
        },
    };

    public static QuicServerConnectionOptions CreateServerOptions(SslServerAuthenticationOptions tls)
    {
        tls.ApplicationProtocols = [new SslApplicationProtocol(Alpn)];
        return new QuicServerConnectionOptions
        {
            DefaultStreamErrorCode = 0,
            DefaultCloseErrorCode = 0,
            MaxInboundBidirectionalStreams = 100,
            MaxInboundUnidirectionalStreams = 1000,
            ServerAuthenticationOptions = tls,
        };
    }

    public async ValueTask<IMoqtBidiStream> OpenBidirectionalStreamAsync(CancellationToken cancellationToken = default) =>
        new QuicMoqtStream(await _connection.OpenOutboundStreamAsync(QuicStreamType.Bidirectional, cancellationToken).ConfigureAwait(false));

    public async ValueTask<IMoqtSendStream> OpenUnidirectionalStreamAsync(CancellationToken cancellationToken = default) =>
        new QuicMoqtStream(await _connection.OpenOutboundStreamAsync(QuicStreamType.Unidirectional, cancellationToken).ConfigureAwait(false));

    public async ValueTask<IMoqtBidiStream?> AcceptBidirectionalStreamAsync(CancellationToken cancellationToken = default)
    {
        while (await AcceptAsync(cancellationToken).ConfigureAwait(false) is { } stream)
        {
            if (stream.Type == QuicStreamType.Bidirectional) return new QuicMoqtStream(stream);
            _pendingUni.Enqueue(stream);
        }

        return null;
    }

    public async ValueTask<IMoqtReceiveStream?> AcceptUnidirectionalStreamAsync(CancellationToken cancellationToken = default)
    {
        if (_pendingUni.TryDequeue(out QuicStream? queued)) return new QuicMoqtStream(queued);
        while (await AcceptAsync(cancellationToken).ConfigureAwait(false) is { } stream)
        {
            if (stream.Type == QuicStreamType.Unidirectional) return new QuicMoqtStream(stream);
            _pendingBidi.Enqueue(stream);
        }

        return null;
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<QuicStream> _pendingUni = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<QuicStream> _pendingBidi = new();
    private readonly SemaphoreSlim _acceptLock = new(1, 1);

    // QUIC has one accept queue for both kinds; the session accepts the control stream once, then only uni streams.
    private async ValueTask<QuicStream?> AcceptAsync(CancellationToken cancellationToken)
    {
        if (_pendingBidi.TryDequeue(out QuicStream? bidi)) return bidi;
        await _acceptLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _connection.AcceptInboundStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (QuicException ex)
        {
            _closed.TrySetResult(new TransportCloseInfo((ulong)(ex.ApplicationErrorCode ?? 0), ex.Message, ClosedByPeer: true));
            return null;
        }
        finally
        {
            _acceptLock.Release();
        }
    }

    public async ValueTask CloseAsync(ulong errorCode, string reason)
    {
        if (!_closed.TrySetResult(new TransportCloseInfo(errorCode, reason, ClosedByPeer: false))) return;
        await _connection.CloseAsync((long)errorCode).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync(0, string.Empty).ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    [SupportedOSPlatform("linux")]
    [SupportedOSPlatform("windows")]
    [SupportedOSPlatform("osx")]
    private sealed class QuicMoqtStream(QuicStream stream) : IMoqtBidiStream
    {
        private PipeReader? _input;

        public long StreamId => stream.Id;

        public PipeReader Input => _input ??= PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, bool endStream, CancellationToken cancellationToken = default) =>
            stream.WriteAsync(data, endStream, cancellationToken);

        public void Reset(ulong errorCode) => stream.Abort(QuicAbortDirection.Write, (long)errorCode);

        public void StopSending(ulong errorCode) => stream.Abort(QuicAbortDirection.Read, (long)errorCode);
    }
}
