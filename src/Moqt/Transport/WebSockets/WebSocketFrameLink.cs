using System.Buffers;
using System.Net.WebSockets;

namespace ClutchCall.Moqt.Transport.WebSockets;

/// <summary>A WebSocket carrying one polyfill frame per binary message. A text message is a protocol error.</summary>
public sealed class WebSocketFrameLink(WebSocket socket) : Mux.IFrameLink
{
    /// <summary>Messages larger than this are refused (the polyfill never sends more than one write per message).</summary>
    public const int MaxMessageLength = 4 << 20;

    /// <summary>The subprotocol the polyfill asks for.</summary>
    public const string SubProtocol = "webtransport";

    public WebSocket Socket => socket;

    public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken);

    public async ValueTask<bool> ReceiveAsync(IBufferWriter<byte> destination, CancellationToken cancellationToken)
    {
        int total = 0;
        while (true)
        {
            Memory<byte> memory = destination.GetMemory(4096);
            ValueWebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(memory, cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketException) when (socket.State is WebSocketState.Aborted or WebSocketState.Closed or WebSocketState.CloseReceived)
            {
                return false;
            }

            if (result.MessageType == WebSocketMessageType.Close) return false;
            if (result.MessageType == WebSocketMessageType.Text) throw new InvalidDataException("text message on a webtransport WebSocket");
            destination.Advance(result.Count);
            total += result.Count;
            if (total > MaxMessageLength) throw new InvalidDataException($"WebSocket message over {MaxMessageLength} bytes");
            if (result.EndOfMessage) return true;
        }
    }

    public async ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                socket.Abort();
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
