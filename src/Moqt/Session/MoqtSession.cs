using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Messages;
using ClutchCall.Moqt.Model;
using ClutchCall.Moqt.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClutchCall.Moqt.Session;

/// <summary>
/// One MoQT draft-14 session over an <see cref="IMoqtTransport"/>: the control stream, request ids, subscriptions in
/// both directions and the data streams. Malformed input from the peer closes the session with the matching
/// termination code; it never escapes as an unhandled exception.
/// </summary>
public sealed partial class MoqtSession : IAsyncDisposable
{
    private readonly IMoqtTransport _transport;
    private readonly MoqtSessionOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _controlWriteLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _controlBuffer = new(256);
    private readonly object _gate = new();
    private readonly TaskCompletionSource<TransportCloseInfo> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _goAway = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Channel<IncomingNamespace> _incomingNamespaces = Channel.CreateUnbounded<IncomingNamespace>();
    private IMoqtBidiStream _control = null!;
    private OutgoingRequestIds _outgoing;
    private IncomingRequestIds _incoming;
    private TaskCompletionSource _requestCredit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _blockedSent;
    private int _started;
    private int _closing;

    private readonly MoqtMetrics? _metrics;

    private MoqtSession(IMoqtTransport transport, MoqtOrigin? origin, MoqtSessionOptions? options, ILogger? logger, TimeProvider? time, MoqtMetrics? metrics)
    {
        _metrics = metrics;
        _transport = transport;
        Origin = origin ?? new MoqtOrigin();
        _options = options ?? new MoqtSessionOptions();
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _incoming = IncomingRequestIds.Create(transport.IsServer, _options.RequestIdWindow);
        EnableWholeStreams();
    }

    public bool IsServer => _transport.IsServer;

    /// <summary>The negotiated version and the peer's dialect.</summary>
    public MoqtVersion Version { get; private set; } = MoqtVersion.Draft14;

    /// <summary>Broadcasts served to the peer's SUBSCRIBEs.</summary>
    public MoqtOrigin Origin { get; }

    /// <summary>The peer's CLIENT_SETUP (server role), with its parameters as received.</summary>
    public ClientSetup? PeerClientSetup { get; private set; }

    /// <summary>The peer's SERVER_SETUP (client role).</summary>
    public ServerSetup? PeerServerSetup { get; private set; }

    /// <summary>Set once the peer sent GOAWAY; no new requests are started after that.</summary>
    public string? GoAwayUri { get; private set; }

    /// <summary>
    /// Completes with the new session URI (empty: reconnect to the same place) when the peer sends GOAWAY; never
    /// completes if it does not. A client should open its next session and then close this one.
    /// </summary>
    public Task<string> GoAwayReceived => _goAway.Task;

    /// <summary>Completes when the session ends, with the termination code and reason.</summary>
    public Task<TransportCloseInfo> Completion => _completion.Task;

    /// <summary>Opens the control stream, sends CLIENT_SETUP and waits for SERVER_SETUP.</summary>
    public static async Task<MoqtSession> ConnectAsync(IMoqtTransport transport, MoqtOrigin? origin = null, MoqtSessionOptions? options = null, ILogger? logger = null, TimeProvider? time = null, MoqtMetrics? metrics = null, CancellationToken cancellationToken = default)
    {
        var session = new MoqtSession(transport, origin, options, logger, time, metrics);
        await session.RunSetupAsync(client: true, cancellationToken).ConfigureAwait(false);
        session.Start();
        return session;
    }

    /// <summary>
    /// Accepts the peer's control stream, reads CLIENT_SETUP and answers SERVER_SETUP. With <paramref name="start"/> false
    /// no further message is processed until <see cref="Start"/>, so the caller can authorize the setup and fill
    /// <see cref="Origin"/> before the peer's first SUBSCRIBE is looked up.
    /// </summary>
    public static async Task<MoqtSession> AcceptAsync(IMoqtTransport transport, MoqtOrigin? origin = null, MoqtSessionOptions? options = null, ILogger? logger = null, TimeProvider? time = null, MoqtMetrics? metrics = null, bool start = true, CancellationToken cancellationToken = default)
    {
        var session = new MoqtSession(transport, origin, options, logger, time, metrics);
        await session.RunSetupAsync(client: false, cancellationToken).ConfigureAwait(false);
        if (start) session.Start();
        return session;
    }

    /// <summary>Starts processing control messages and data streams (once).</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) return;
        _metrics?.SessionStarted();
        _ = Task.Run(RunControlLoopAsync);
        _ = Task.Run(RunDataStreamAcceptLoopAsync);
        _ = _transport.Closed.ContinueWith(t => OnTransportClosed(t.Result), TaskScheduler.Default);
    }

    /// <summary>The next PUBLISH_NAMESPACE from the peer, or null when the session ended.</summary>
    public async ValueTask<IncomingNamespace?> AcceptNamespaceAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _incomingNamespaces.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Ends the session with a termination code (sent to the peer as the connection close code).</summary>
    public async ValueTask CloseAsync(MoqtErrorCode code, string reason)
    {
        if (_completion.Task.IsCompleted || Interlocked.Exchange(ref _closing, 1) != 0) return;
        if (code != MoqtErrorCode.NoError) LogClosing(_logger, code, reason);
        _shutdown.Cancel();
        try
        {
            await _transport.CloseAsync((ulong)code, reason).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The transport is already gone.
        }

        // Completed only once the close (with this code) is on the wire: an owner awaiting Completion disposes the
        // session next, and that dispose must not race a NoError close ahead of this one.
        if (_completion.TrySetResult(new TransportCloseInfo((ulong)code, reason, ClosedByPeer: false))) RecordClosed((ulong)code);
        TearDown();
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync(MoqtErrorCode.NoError, string.Empty).ConfigureAwait(false);
        await _transport.DisposeAsync().ConfigureAwait(false);
    }

    private async Task RunSetupAsync(bool client, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.SetupTimeout);
        try
        {
            if (client) await ClientSetupAsync(timeout.Token).ConfigureAwait(false);
            else await ServerSetupAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (MoqtException ex)
        {
            await CloseAsync(ex.Code, ex.Message).ConfigureAwait(false);
            throw;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !_transport.Closed.IsCompleted)
        {
            await CloseAsync(MoqtErrorCode.ControlMessageTimeout, "setup timed out").ConfigureAwait(false);
            throw new MoqtException(MoqtErrorCode.ControlMessageTimeout, "setup timed out");
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException && _transport.Closed.IsCompleted)
        {
            // The peer closed the connection during setup (e.g. refused our token): report its code.
            TransportCloseInfo info = await _transport.Closed.ConfigureAwait(false);
            OnTransportClosed(info);
            throw new MoqtException((MoqtErrorCode)info.ErrorCode, info.Reason);
        }
    }

    private async Task ClientSetupAsync(CancellationToken cancellationToken)
    {
        _control = await _transport.OpenBidirectionalStreamAsync(cancellationToken).ConfigureAwait(false);
        var parameters = new MoqtParameters().AddVarInt(SetupParameterType.MaxRequestId, _incoming.Granted);
        if (_options.Path is { } path) parameters.AddBytes(SetupParameterType.Path, System.Text.Encoding.UTF8.GetBytes(path));
        if (_options.AuthorizationToken is { } token) parameters.AddBytes(SetupParameterType.AuthorizationToken, token);
        await WriteControlAsync(new ClientSetup([.. MoqtVersion.Supported], parameters), cancellationToken).ConfigureAwait(false);

        ControlMessage? reply = await ReadControlMessageAsync(cancellationToken).ConfigureAwait(false);
        if (reply is not ServerSetup server) throw new MoqtException(MoqtErrorCode.ProtocolViolation, $"expected SERVER_SETUP, got {reply?.Type.ToString() ?? "end of stream"}");
        if (!MoqtVersion.IsSupported(server.SelectedVersion)) throw new MoqtException(MoqtErrorCode.VersionNegotiationFailed, $"server selected 0x{server.SelectedVersion:x}");
        PeerServerSetup = server;
        Version = new MoqtVersion((uint)server.SelectedVersion, server.Dialect);
        _outgoing = OutgoingRequestIds.Create(isServer: false, server.MaxRequestId);
    }

    private async Task ServerSetupAsync(CancellationToken cancellationToken)
    {
        _control = await _transport.AcceptBidirectionalStreamAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new MoqtException(MoqtErrorCode.ProtocolViolation, "connection closed before the control stream opened");
        ControlMessage? first = await ReadControlMessageAsync(cancellationToken).ConfigureAwait(false);
        if (first is not ClientSetup setup) throw new MoqtException(MoqtErrorCode.ProtocolViolation, $"expected CLIENT_SETUP, got {first?.Type.ToString() ?? "end of stream"}");
        if (!setup.SupportedVersions.Any(MoqtVersion.IsSupported))
        {
            throw new MoqtException(MoqtErrorCode.VersionNegotiationFailed, "no common version: offered " + string.Join(", ", setup.SupportedVersions.Select(v => $"0x{v:x}")));
        }

        PeerClientSetup = setup;
        Version = new MoqtVersion(MoqtVersion.Draft14Number, setup.Dialect);
        _outgoing = OutgoingRequestIds.Create(isServer: true, setup.MaxRequestId);
        var parameters = new MoqtParameters().AddVarInt(SetupParameterType.MaxRequestId, _incoming.Granted);
        await WriteControlAsync(new ServerSetup(MoqtVersion.Draft14Number, parameters) { Dialect = setup.Dialect }, cancellationToken).ConfigureAwait(false);
        LogSetup(_logger, Version.ToString(), setup.Parameters.ToString());
    }

    private async ValueTask WriteControlAsync(ControlMessage message, CancellationToken cancellationToken)
    {
        await _controlWriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _controlBuffer.ResetWrittenCount();
            ControlMessageCodec.Encode(_controlBuffer, message, Version);
            await _control.WriteAsync(_controlBuffer.WrittenMemory, endStream: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _controlBuffer.ResetWrittenCount();
            _controlWriteLock.Release();
        }
    }

    private async ValueTask<ControlMessage?> ReadControlMessageAsync(CancellationToken cancellationToken)
    {
        PipeReader input = _control.Input;
        while (true)
        {
            ReadResult result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            DecodeStatus status = ControlMessageCodec.TryDecode(buffer, Version, out ControlMessage? message, out int consumed, out DecodeError error);
            switch (status)
            {
                case DecodeStatus.Done:
                    input.AdvanceTo(buffer.GetPosition(consumed));
                    return message;
                case DecodeStatus.Invalid:
                    input.AdvanceTo(buffer.Start);
                    throw new MoqtException(error.Code, error.Reason);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                if (!buffer.IsEmpty) throw new MoqtException(MoqtErrorCode.ProtocolViolation, "control stream ended inside a message");
                return null;
            }
        }
    }

    private async Task RunControlLoopAsync()
    {
        try
        {
            while (!_shutdown.IsCancellationRequested)
            {
                ControlMessage? message = await ReadControlMessageAsync(_shutdown.Token).ConfigureAwait(false);
                if (message is null)
                {
                    await CloseAsync(MoqtErrorCode.ProtocolViolation, "control stream closed").ConfigureAwait(false);
                    return;
                }

                await HandleControlAsync(message).ConfigureAwait(false);
            }
        }
        catch (MoqtException ex)
        {
            await CloseAsync(ex.Code, ex.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
            if (_transport.Closed.IsCompleted) OnTransportClosed(await _transport.Closed.ConfigureAwait(false));
            else await CloseAsync(MoqtErrorCode.InternalError, ex.Message).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A bug of ours must end this session, not the process: peers' bytes reach this loop.
            LogUnexpected(_logger, ex);
            await CloseAsync(MoqtErrorCode.InternalError, "internal error").ConfigureAwait(false);
        }
    }

    /// <summary>Takes the next request id, waiting for MAX_REQUEST_ID (and saying REQUESTS_BLOCKED once) when out of credit.</summary>
    private async ValueTask<ulong> AllocateRequestIdAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            ulong blockedAt;
            bool sendBlocked;
            lock (_gate)
            {
                if (GoAwayUri is not null) throw new InvalidOperationException("the peer sent GOAWAY; start requests on a new session");
                if (_outgoing.TryAllocate(out ulong id, out OutgoingRequestIds next))
                {
                    _outgoing = next;
                    return id;
                }

                wait = _requestCredit.Task;
                blockedAt = _outgoing.PeerMaximum;
                sendBlocked = !_blockedSent;
                _blockedSent = true;
            }

            if (sendBlocked) await WriteControlAsync(new RequestsBlocked(blockedAt), cancellationToken).ConfigureAwait(false);
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void OnTransportClosed(TransportCloseInfo info)
    {
        if (_completion.TrySetResult(info))
        {
            LogTransportClosed(_logger, info.ErrorCode, info.Reason);
            RecordClosed(info.ErrorCode);
        }

        _shutdown.Cancel();
        TearDown();
    }

    private void RecordClosed(ulong code)
    {
        if (Volatile.Read(ref _started) == 1) _metrics?.SessionClosed(code);
    }

    private void TearDown()
    {
        _incomingNamespaces.Writer.TryComplete();
        TearDownSubscriptions();
        lock (_gate) _requestCredit.TrySetCanceled();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in a MoQT session")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing MoQT session: {Code} {Reason}")]
    private static partial void LogClosing(ILogger logger, MoqtErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "MoQT session closed by transport: {Code} {Reason}")]
    private static partial void LogTransportClosed(ILogger logger, ulong code, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "MoQT setup done: version {Version}, client parameters {Parameters}")]
    private static partial void LogSetup(ILogger logger, string version, string parameters);
}
