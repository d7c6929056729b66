using System.IO.Pipelines;

namespace ClutchCall.Moqt.Transport;

/// <summary>The receiving half of a stream: bytes arrive on <see cref="Input"/>, which completes on FIN or fails on reset.</summary>
public interface IMoqtReceiveStream
{
    long StreamId { get; }

    PipeReader Input { get; }

    /// <summary>Asks the peer to stop sending (QUIC STOP_SENDING).</summary>
    void StopSending(ulong errorCode);
}

/// <summary>The sending half of a stream.</summary>
public interface IMoqtSendStream
{
    long StreamId { get; }

    /// <summary>Sends bytes, optionally ending the stream (FIN).</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, bool endStream, CancellationToken cancellationToken = default);

    /// <summary>Abandons the stream (QUIC RESET_STREAM).</summary>
    void Reset(ulong errorCode);
}

/// <summary>A bidirectional stream.</summary>
public interface IMoqtBidiStream : IMoqtReceiveStream, IMoqtSendStream
{
}

/// <summary>How a transport ended.</summary>
public readonly record struct TransportCloseInfo(ulong ErrorCode, string Reason, bool ClosedByPeer);

/// <summary>
/// A QUIC-like connection: ordered reliable byte streams, bidirectional and unidirectional, opened by either side.
/// Implemented over QUIC (<see cref="Quic.QuicMoqtTransport"/>), over WebSocket with the WebTransport polyfill
/// framing, and in memory for tests.
/// </summary>
public interface IMoqtTransport : IAsyncDisposable
{
    bool IsServer { get; }

    ValueTask<IMoqtBidiStream> OpenBidirectionalStreamAsync(CancellationToken cancellationToken = default);

    ValueTask<IMoqtSendStream> OpenUnidirectionalStreamAsync(CancellationToken cancellationToken = default);

    /// <summary>The next stream the peer opened, or null once the transport is closed.</summary>
    ValueTask<IMoqtBidiStream?> AcceptBidirectionalStreamAsync(CancellationToken cancellationToken = default);

    /// <summary>The next unidirectional stream the peer opened, or null once the transport is closed.</summary>
    ValueTask<IMoqtReceiveStream?> AcceptUnidirectionalStreamAsync(CancellationToken cancellationToken = default);

    /// <summary>Closes the connection with an application error code (MoQT session termination code).</summary>
    ValueTask CloseAsync(ulong errorCode, string reason);

    /// <summary>Completes when the connection is closed by either side.</summary>
    Task<TransportCloseInfo> Closed { get; }
}

/// <summary>Raised when writing to a stream the peer stopped or the transport closed.</summary>
public sealed class MoqtStreamException(string message, ulong errorCode) : IOException(message)
{
    public ulong ErrorCode { get; } = errorCode;
}
