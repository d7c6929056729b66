using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text;
using System.Threading.Channels;
using ClutchCall.Moqt.Coding;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClutchCall.Moqt.Transport.Mux;

/// <summary>
/// QUIC-style streams multiplexed over a message link with the WebTransport-over-WebSocket polyfill framing
/// (@kixelated/web-transport-ws): no flow control, no datagrams, one frame per message. Opening a stream sends
/// nothing until the first write; the peer learns of a stream from its first STREAM frame.
/// </summary>
public sealed partial class MultiplexedTransport : IMoqtTransport
{
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(1);

    private readonly IFrameLink _link;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<long, MuxStream> _streams = new();
    private readonly Channel<IMoqtBidiStream> _incomingBidi = Channel.CreateUnbounded<IMoqtBidiStream>(new() { SingleWriter = true });
    // The session's accept loop runs on the receive loop's thread: announcing a one-frame stream then reads it whole
    // inline (its data is already buffered), saving a thread-pool hop per audio frame. The loop yields at once
    // for a stream whose data is still coming, so the receive loop is not held up.
    private readonly Channel<IMoqtReceiveStream> _incomingUni = Channel.CreateUnbounded<IMoqtReceiveStream>(
        new() { SingleWriter = true, AllowSynchronousContinuations = true });
    private readonly TaskCompletionSource<TransportCloseInfo> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _shutdown = new();
    private long _nextBidi;
    private long _nextUni;
    private long _nextPeerBidi;
    private long _nextPeerUni;
    private Task? _receiveLoop;
    private int _disposed;

    public MultiplexedTransport(IFrameLink link, bool isServer, ILogger? logger = null, TimeProvider? time = null)
    {
        _link = link;
        IsServer = isServer;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    public bool IsServer { get; }

    public Task<TransportCloseInfo> Closed => _closed.Task;

    /// <summary>Starts reading frames from the link.</summary>
    public MultiplexedTransport Start()
    {
        _receiveLoop ??= Task.Run(ReceiveLoopAsync);
        return this;
    }

    public ValueTask<IMoqtBidiStream> OpenBidirectionalStreamAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        long id = StreamId.Create(Interlocked.Increment(ref _nextBidi) - 1, unidirectional: false, IsServer);
        var stream = new MuxStream(this, id, canSend: true, canReceive: true);
        _streams[id] = stream;
        return ValueTask.FromResult<IMoqtBidiStream>(stream);
    }

    public ValueTask<IMoqtSendStream> OpenUnidirectionalStreamAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        long id = StreamId.Create(Interlocked.Increment(ref _nextUni) - 1, unidirectional: true, IsServer);
        var stream = new MuxStream(this, id, canSend: true, canReceive: false);
        _streams[id] = stream;
        return ValueTask.FromResult<IMoqtSendStream>(stream);
    }

    public async ValueTask<IMoqtBidiStream?> AcceptBidirectionalStreamAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _incomingBidi.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    public async ValueTask<IMoqtReceiveStream?> AcceptUnidirectionalStreamAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _incomingUni.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    public async ValueTask CloseAsync(ulong errorCode, string reason)
    {
        if (_closed.Task.IsCompleted) return;
        try
        {
            await SendFrameAsync(PolyfillFrame.CreateApplicationClose(errorCode, reason), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
        {
            // The link is already gone; closing locally is all that is left.
        }

        Terminate(new TransportCloseInfo(errorCode, reason, ClosedByPeer: false));
        await CloseLinkQuietlyAsync().ConfigureAwait(false);
    }

    private async ValueTask CloseLinkQuietlyAsync()
    {
        try
        {
            await _link.CloseAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.WebSockets.WebSocketException or OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return; // a session and its owner may both dispose it
        await CloseAsync((ulong)MoqtErrorCode.NoError, string.Empty).ConfigureAwait(false);
        await CloseLinkQuietlyAsync().ConfigureAwait(false);
        if (_receiveLoop is not null)
        {
            // Give the peer a moment to answer the close, then stop reading.
            await Task.WhenAny(_receiveLoop, Task.Delay(CloseGrace)).ConfigureAwait(false);
            _shutdown.Cancel();
            try
            {
                await _receiveLoop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await _link.DisposeAsync().ConfigureAwait(false);
        _shutdown.Dispose();
    }

    internal async ValueTask SendStreamAsync(long id, ReadOnlyMemory<byte> data, bool fin, CancellationToken cancellationToken)
    {
        ThrowIfClosed();
        byte[] frame = ArrayPool<byte>.Shared.Rent(PolyfillFrame.MaxHeaderLength + data.Length);
        try
        {
            int header = PolyfillFrame.WriteStreamHeader(frame, id, fin);
            data.Span.CopyTo(frame.AsSpan(header));
            // A data stream waits its turn behind queued whole streams (older groups must not be overtaken); only
            // bidirectional (control/request) streams go ahead of them.
            await SendFrameAsync(frame.AsMemory(0, header + data.Length), cancellationToken, urgent: !StreamId.IsUnidirectional(id)).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    internal void SendStreamCode(PolyfillFrameType type, long id, ulong code)
    {
        if (_closed.Task.IsCompleted) return;
        var frame = new byte[PolyfillFrame.MaxHeaderLength];
        int length = PolyfillFrame.WriteStreamCode(frame, type, id, code);
        _ = SendControlFrameAsync(frame.AsMemory(0, length));
    }

    internal void OnSendFinished(MuxStream stream) => Forget(stream);

    internal void OnReceiveFinished(MuxStream stream) => Forget(stream);

    private void Forget(MuxStream stream)
    {
        bool sendDone = !stream.CanSend || stream.SendFinished;
        bool receiveDone = stream.InboundWriter is null || stream.ReceiveFinished;
        if (sendDone && receiveDone) _streams.TryRemove(stream.StreamId, out _);
    }

    private async Task SendControlFrameAsync(ReadOnlyMemory<byte> frame)
    {
        try
        {
            await SendFrameAsync(frame, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.WebSockets.WebSocketException or OperationCanceledException)
        {
            LogSendFailed(_logger, ex.Message);
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed.Task.IsCompleted)
        {
            TransportCloseInfo info = _closed.Task.Result;
            throw new MoqtStreamException($"transport closed ({info.ErrorCode}: {info.Reason})", info.ErrorCode);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (true)
            {
                buffer.ResetWrittenCount();
                if (!await _link.ReceiveAsync(buffer, _shutdown.Token).ConfigureAwait(false))
                {
                    Terminate(new TransportCloseInfo((ulong)MoqtErrorCode.NoError, "link closed", ClosedByPeer: true));
                    return;
                }

                // After a close, keep reading (and ignoring) until the peer closes the link: disposing a socket
                // with unread bytes resets the TCP connection, and the reset would discard our close frame.
                if (_closed.Task.IsCompleted) continue;

                string? violation = await DispatchAsync(buffer.WrittenMemory).ConfigureAwait(false);
                if (violation is not null)
                {
                    LogViolation(_logger, violation);
                    await CloseAsync((ulong)MoqtErrorCode.ProtocolViolation, violation).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            Terminate(new TransportCloseInfo((ulong)MoqtErrorCode.NoError, "disposed", ClosedByPeer: false));
        }
        catch (InvalidDataException ex)
        {
            // A text message or an oversized one: the peer broke the framing.
            await CloseAsync((ulong)MoqtErrorCode.ProtocolViolation, ex.Message).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or System.Net.WebSockets.WebSocketException or ObjectDisposedException)
        {
            Terminate(new TransportCloseInfo((ulong)MoqtErrorCode.InternalError, ex.Message, ClosedByPeer: true));
        }
    }

    /// <summary>Handles one frame; returns a violation message when the peer broke the framing rules.</summary>
    private async ValueTask<string?> DispatchAsync(ReadOnlyMemory<byte> message)
    {
        if (!TryParse(message.Span, out PolyfillFrameType type, out long id, out ulong code, out int dataOffset, out string? error)) return error;
        switch (type)
        {
            case PolyfillFrameType.ApplicationClose:
                Terminate(new TransportCloseInfo(code, Encoding.UTF8.GetString(message.Span[dataOffset..]), ClosedByPeer: true));

                // Answer by closing the link, as the polyfill does, so the peer's read loop ends too.
                await CloseLinkQuietlyAsync().ConfigureAwait(false);
                return null;
            case PolyfillFrameType.ResetStream:
                if (_streams.TryGetValue(id, out MuxStream? reset)) reset.OnReset(code);
                return null;
            case PolyfillFrameType.StopSending:
                if (_streams.TryGetValue(id, out MuxStream? stopped)) stopped.OnStopSending(code);
                return null;
        }

        if (!StreamId.CanReceive(id, IsServer)) return $"STREAM frame on send-only stream {id}";
        if (type == PolyfillFrameType.StreamFin && TryTakeWholeStream(id, message.Span[dataOffset..])) return null;
        MuxStream? stream = ResolveIncoming(id, out bool isNew);
        if (stream is null || stream.ReceiveFinished || stream.InboundWriter is null) return null;
        try
        {
            return await DeliverAsync(stream, type, message[dataOffset..]).ConfigureAwait(false);
        }
        finally
        {
            // A new stream is handed to the application only once its first frame is in the pipe: a one-frame
            // stream (one audio group) is then read to its end without waiting for the data.
            if (isNew) Announce(stream);
        }
    }

    private async ValueTask<string?> DeliverAsync(MuxStream stream, PolyfillFrameType type, ReadOnlyMemory<byte> data)
    {
        if (stream.InboundWriter is null) return null;
        if (!data.IsEmpty)
        {
            FlushResult result = await stream.InboundWriter.WriteAsync(data).ConfigureAwait(false);
            if (result.IsCompleted)
            {
                // The application stopped reading without STOP_SENDING: drop the rest of this stream.
                stream.ReceiveFinished = true;
                OnReceiveFinished(stream);
                return null;
            }
        }

        if (type == PolyfillFrameType.StreamFin && !stream.ReceiveFinished)
        {
            stream.ReceiveFinished = true;
            await stream.InboundWriter.CompleteAsync().ConfigureAwait(false);
            OnReceiveFinished(stream);
        }

        return null;
    }

    private MuxStream? ResolveIncoming(long id, out bool isNew)
    {
        isNew = false;
        if (_streams.TryGetValue(id, out MuxStream? existing)) return existing;
        if (StreamId.IsServerInitiated(id) == IsServer) return null; // our own stream, already finished
        bool uni = StreamId.IsUnidirectional(id);
        if (uni ? !ClaimPeerUnidirectional(StreamId.Sequence(id)) : !ClaimPeerBidirectional(StreamId.Sequence(id))) return null; // finished earlier
        var stream = new MuxStream(this, id, canSend: !uni, canReceive: true);
        _streams[id] = stream;
        isNew = true;
        return stream;
    }

    private void Announce(MuxStream stream)
    {
        if (StreamId.IsUnidirectional(stream.StreamId))
        {
            _wholeStreamHandler?.OnUnidirectionalStreamAnnounced();
            _incomingUni.Writer.TryWrite(stream);
        }
        else _incomingBidi.Writer.TryWrite(stream);
    }

    private static bool TryParse(ReadOnlySpan<byte> message, out PolyfillFrameType type, out long id, out ulong code, out int dataOffset, out string? error)
    {
        type = default;
        id = 0;
        code = 0;
        dataOffset = 0;
        if (!PolyfillFrame.TryDecode(message, out PolyfillFrame frame, out error)) return false;
        type = frame.Type;
        id = frame.StreamId;
        code = frame.Code;
        dataOffset = message.Length - frame.Data.Length;
        return true;
    }

    private void Terminate(TransportCloseInfo info)
    {
        if (!_closed.TrySetResult(info)) return;
        var reason = new MoqtStreamException($"transport closed ({info.ErrorCode}: {info.Reason})", info.ErrorCode);
        foreach (MuxStream stream in _streams.Values) stream.Abort(reason);
        _streams.Clear();
        _incomingBidi.Writer.TryComplete();
        _incomingUni.Writer.TryComplete();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing polyfill transport: {Violation}")]
    private static partial void LogViolation(ILogger logger, string violation);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not send a stream control frame: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, string reason);
}
